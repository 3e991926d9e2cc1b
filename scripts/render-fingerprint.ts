/**
 * The render fingerprint: a SHA-256 of every byte the project renders, to prove that a refactoring changed no
 * behaviour. It covers every stack of the repository (`canary-platform synth` in a child process, every file of
 * the output folder), the bench fixtures rendered by `renderCanaryService` (the bulk path) and by the
 * `CanaryService` construct in a user's cdk8s chart.
 *
 *   npx tsx scripts/render-fingerprint.ts                 print the fingerprint (JSON) to stdout
 *   npx tsx scripts/render-fingerprint.ts --write FILE    record it
 *   npx tsx scripts/render-fingerprint.ts --check FILE    compare with a record; exit 1 naming every changed file
 *   npx tsx scripts/render-fingerprint.ts --keep DIR      also keep the rendered bytes in DIR (for `diff -r`)
 *
 * The record lives in tests/layout/render-fingerprint.json and tests/layout/render-fingerprint.test.ts checks
 * it. A change that is meant to change the output updates the record with `--write` in the same commit, so the
 * diff shows which files changed.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { App, Chart } from 'cdk8s';
import { CanaryService, renderCanaryService } from '../api/canary';
import { canaryProps } from '../bench/fixtures/canary-props';
import { serviceFixtures } from '../bench/fixtures/services';

/** Repository root. */
const ROOT = join(__dirname, '..');

/** How many bench fixtures are rendered (enough to cover every fixture variant several times). */
const BENCH_SERVICES = 60;

/** One rendered file and the SHA-256 of its bytes. */
export type Fingerprint = Record<string, string>;

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** The stacks of the repository: one per `Pulumi.<stack>.yaml` at the root. */
export function repositoryStacks(): string[] {
  return readdirSync(ROOT)
    .map((name) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(name)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** Renders every stack and the bench fixtures into `work` and returns the fingerprint of every file. */
export function renderAll(work: string): Fingerprint {
  for (const stack of repositoryStacks()) {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'canary-platform.js'), 'synth', '--stack', stack, '--out', join(work, 'stacks', stack), '--quiet', '-C', ROOT],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    if (result.status !== 0) throw new Error(`synth --stack ${stack} exited ${result.status}:\n${result.stderr}`);
  }
  const services = serviceFixtures(BENCH_SERVICES).map(canaryProps);
  mkdirSync(join(work, 'bench'), { recursive: true });
  writeFileSync(join(work, 'bench', 'bulk-render.json'), `${JSON.stringify(services.map((props) => renderCanaryService(props)), null, 1)}\n`);
  const app = new App({ outdir: join(work, 'bench', 'cdk8s') });
  const chart = new Chart(app, 'services');
  for (const props of services) new CanaryService(chart, props.name, props);
  writeFileSync(join(work, 'bench', 'construct-in-chart.json'), `${JSON.stringify(chart.toJson(), null, 1)}\n`);

  const fingerprint: Fingerprint = {};
  for (const file of filesUnder(work)) fingerprint[file] = sha256(readFileSync(join(work, file)));
  return fingerprint;
}

/** The files whose bytes differ between two fingerprints (added, removed or changed), sorted. */
export function compareFingerprints(expected: Fingerprint, actual: Fingerprint): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.flatMap((name) => {
    if (!(name in actual)) return [`removed: ${name}`];
    if (!(name in expected)) return [`added:   ${name}`];
    return expected[name] === actual[name] ? [] : [`changed: ${name}`];
  });
}

function main(argv: readonly string[]): number {
  const option = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const work = mkdtempSync(join(tmpdir(), 'render-fingerprint-'));
  try {
    const fingerprint = renderAll(work);
    const keep = option('--keep');
    if (keep !== undefined) {
      rmSync(keep, { recursive: true, force: true });
      cpSync(work, keep, { recursive: true });
    }
    const json = `${JSON.stringify(fingerprint, null, 2)}\n`;
    const write = option('--write');
    const check = option('--check');
    if (write !== undefined) {
      writeFileSync(write, json);
      process.stderr.write(`render-fingerprint: ${Object.keys(fingerprint).length} files recorded in ${write}\n`);
      return 0;
    }
    if (check !== undefined) {
      const differences = compareFingerprints(JSON.parse(readFileSync(check, 'utf8')) as Fingerprint, fingerprint);
      if (differences.length === 0) {
        process.stderr.write(`render-fingerprint: all ${Object.keys(fingerprint).length} files identical to ${check}\n`);
        return 0;
      }
      process.stderr.write(`render-fingerprint: ${differences.length} files differ from ${check}:\n${differences.map((d) => `  ${d}\n`).join('')}`);
      return 1;
    }
    process.stdout.write(json);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
