/**
 * Runs Prometheus' own `promtool` from tests: `check rules` on rendered rule files and `test rules` on unit tests
 * with synthetic series. When promtool is missing, suites declared with {@link describeWithPromtool} are
 * SKIPPED LOUDLY: a console warning with the install command and a skipped test whose name says why — never a
 * silent pass. Set `REQUIRE_PROMTOOL=1` (CI) to turn a missing promtool into a failing test instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** How to install promtool on Debian and Ubuntu, printed whenever it is missing. */
export const PROMTOOL_INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y prometheus   # ships /usr/bin/promtool';

/** Where promtool is looked for, in order, after the PATH. */
const KNOWN_LOCATIONS = ['/usr/bin/promtool', '/usr/local/bin/promtool', '/opt/prometheus/promtool'];

/** The outcome of one promtool run. */
export interface PromtoolResult {
  /** True when promtool exited 0. */
  readonly ok: boolean;
  /** Exit status. */
  readonly status: number | null;
  /** stdout and stderr together, for assertion messages. */
  readonly output: string;
}

/** A promtool binary that was found and answered `--version`. */
export interface Promtool {
  /** Path or command name used to run it. */
  readonly command: string;
  /** First line of `promtool --version`. */
  readonly version: string;
  /** `promtool check rules` on rules files given as `{ fileName: yamlOrObject }`. */
  checkRules(files: Readonly<Record<string, unknown>>): PromtoolResult;
  /**
   * `promtool test rules` on one unit-test file (`rule_files` refer to the names in `ruleFiles`, which are
   * written next to it).
   */
  testRules(testFile: unknown, ruleFiles: Readonly<Record<string, unknown>>): PromtoolResult;
}

function run(command: string, args: readonly string[], cwd?: string): PromtoolResult {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { ok: false, status: null, output: String(r.error) };
  return { ok: r.status === 0, status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function asYaml(content: unknown): string {
  return typeof content === 'string' ? content : stringify(content, { lineWidth: 0 });
}

/** Writes files into a fresh temporary directory, runs `fn` there and removes the directory. */
function inTempDir<T>(files: Readonly<Record<string, unknown>>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), asYaml(content));
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let cached: Promtool | null | undefined;

/** Finds promtool on the PATH or in the usual locations; `undefined` when it is not installed. Cached. */
export function findPromtool(): Promtool | undefined {
  if (cached !== undefined) return cached ?? undefined;
  for (const command of ['promtool', ...KNOWN_LOCATIONS]) {
    const probe = run(command, ['--version']);
    if (!probe.ok) continue;
    const version = probe.output.split('\n')[0].trim();
    cached = {
      command,
      version,
      checkRules: (files) => inTempDir(files, (dir) => run(command, ['check', 'rules', ...Object.keys(files)], dir)),
      testRules: (testFile, ruleFiles) =>
        inTempDir({ ...ruleFiles, 'test.yaml': testFile }, (dir) => run(command, ['test', 'rules', 'test.yaml'], dir)),
    };
    return cached;
  }
  cached = null;
  return undefined;
}

/** True when the environment demands promtool (CI): `REQUIRE_PROMTOOL=1` or `true`. */
export function promtoolRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.REQUIRE_PROMTOOL === '1' || env.REQUIRE_PROMTOOL === 'true';
}

/** The warning printed for a suite that cannot run: what was skipped, why, and how to install promtool. */
export function skipBanner(name: string): string {
  return [
    '',
    '#'.repeat(100),
    `# SKIPPED: "${name}"`,
    `# promtool is not installed; install it with: ${PROMTOOL_INSTALL_HINT}`,
    '# These tests prove the rendered alert rules and canary analysis queries against a real Prometheus;',
    '# without promtool they DID NOT RUN. Set REQUIRE_PROMTOOL=1 to make this a failure.',
    '#'.repeat(100),
    '',
  ].join('\n');
}

/**
 * `describe` that hands the suite a {@link Promtool}. Without promtool it prints {@link skipBanner} and
 * registers the suite as skipped (jest lists it as skipped, with the reason in its name); with
 * `REQUIRE_PROMTOOL=1` it registers a failing test instead.
 *
 * @param promtool the promtool to use, `null` when missing; found on the PATH by default
 * @param required fail instead of skipping when promtool is missing
 * @param warn where the skip banner goes
 */
export function describeWithPromtool(
  name: string,
  body: (promtool: Promtool) => void,
  promtool: Promtool | null = findPromtool() ?? null,
  required: boolean = promtoolRequired(),
  warn: (message: string) => void = console.warn,
): void {
  if (promtool) {
    describe(`${name} (${promtool.version})`, () => body(promtool));
    return;
  }
  const reason = `promtool is not installed; install it with: ${PROMTOOL_INSTALL_HINT}`;
  if (required) {
    describe(name, () => {
      it('needs promtool (REQUIRE_PROMTOOL is set)', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  warn(skipBanner(name));
  describe.skip(`${name} [SKIPPED: promtool not installed - ${PROMTOOL_INSTALL_HINT}]`, () => {
    it('runs only where promtool is installed', () => undefined);
  });
}
