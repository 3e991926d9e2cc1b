/**
 * The test environment of every test file: Node's, with a temporary folder of its own.
 *
 * Before the file's sandbox is built, TMPDIR is pointed at a fresh folder inside the run's temporary directory, so
 * whatever the file creates with `os.tmpdir()` (its own folders, cdk8s's `cdk8s.outdir.*`, the caches of the
 * `tsx` and `npm` processes it starts, which inherit the environment) lands there. After the file, the folder is
 * removed and TMPDIR restored. Each jest worker runs one file at a time, so the change is never shared.
 *
 * Tests still remove what they create (tests/support/temp.ts); this catches what a library or a child process
 * writes without asking, which a test cannot remove by name.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

class TempFolderEnvironment extends TestEnvironment {
  constructor(config, context) {
    const previous = process.env.TMPDIR;
    const folder = mkdtempSync(join(tmpdir(), 'jest-file-'));
    process.env.TMPDIR = folder;
    super(config, context);
    this.tempFolder = folder;
    this.previousTmpdir = previous;
  }

  async teardown() {
    await super.teardown();
    if (this.previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previousTmpdir;
    rmSync(this.tempFolder, { recursive: true, force: true, maxRetries: 3 });
  }
}

module.exports = TempFolderEnvironment;
