/**
 * The test environment of every test file: Node's, with a temporary folder of its own.
 *
 * Before the file's sandbox is built, TMPDIR is pointed at a fresh folder inside the run's temporary directory, so
 * whatever the file and the processes it starts (which inherit the environment) create with `os.tmpdir()` lands
 * there and is attributed to the file.
 *
 * When the file's tests have finished (after its afterAll hooks), anything left in that folder other than a tool's
 * cache (TOOL_CACHES) fails the file, naming each entry: a test removes what it creates (tests/support/temp.ts).
 * Then the folder, tool caches included, is removed and TMPDIR restored. Each jest worker runs one file at a time,
 * so the change is never shared.
 */
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

/**
 * What tools write into the temporary directory on their own, for reuse: tsx's transform cache (`tsx-<uid>`, in
 * the CLI processes tests start), ts-node's (`ts-node-<hash>`, in the policy pack host @pulumi/pulumi starts), the
 * helm binary tools/verify-charts/helm-binary.ts extracts once per version.
 */
const TOOL_CACHES = [/^tsx-\d+$/, /^ts-node-[0-9a-f]+$/, /^canary-platform-helm-v?[\d.]+$/];

class TempFolderEnvironment extends TestEnvironment {
  constructor(config, context) {
    const previous = process.env.TMPDIR;
    const folder = mkdtempSync(join(tmpdir(), 'jest-file-'));
    process.env.TMPDIR = folder;
    super(config, context);
    this.tempFolder = folder;
    this.previousTmpdir = previous;
    this.testPath = relative(config.projectConfig.rootDir, context.testPath);
  }

  /** jest-circus calls this for each event; at the end of the run the file's leftovers become its failure. */
  handleTestEvent(event, state) {
    if (event.name !== 'run_finish') return;
    const leftovers = readdirSync(this.tempFolder).filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)));
    if (leftovers.length === 0) return;
    state.unhandledErrors.push(
      new Error(
        `${this.testPath} left ${leftovers.length} entr${leftovers.length === 1 ? 'y' : 'ies'} in its temporary directory ` +
          `(remove what a test creates, for example with tempDir from tests/support/temp.ts):\n` +
          leftovers.sort().map((name) => `  ${name}`).join('\n'),
      ),
    );
  }

  async teardown() {
    await super.teardown();
    if (this.previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previousTmpdir;
    rmSync(this.tempFolder, { recursive: true, force: true, maxRetries: 3 });
  }
}

module.exports = TempFolderEnvironment;
