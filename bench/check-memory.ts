/**
 * Peak memory of `canary-platform check` on a large YAML file of small objects (target: under 600 MB for 50 MB).
 *
 *   npx tsx bench/check-memory.ts [--mb 50]
 *
 * Writes the file into a temporary folder, runs the real CLI on it in a child process (so the figure is the
 * command's own peak RSS, start-up included), prints the result and removes the folder.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TARGET_MB = 600;
const mbArg = process.argv.indexOf('--mb');
const sizeMb = mbArg === -1 ? 50 : Number(process.argv[mbArg + 1]);
if (!Number.isFinite(sizeMb) || sizeMb <= 0) {
  process.stderr.write('error: --mb must be a positive number\n');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'check-memory-'));
try {
  const file = join(dir, 'big.yaml');
  const fd = openSync(file, 'w');
  let objects = 0;
  for (let size = 0; size < sizeMb * 1024 * 1024; objects++) {
    const doc = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${objects}\n  namespace: apps\ndata:\n  key: value-${objects}\n---\n`;
    writeSync(fd, doc);
    size += doc.length;
  }
  closeSync(fd);
  // The child reports its own peak RSS (maxRSS, KiB) after the command finished.
  const probe = `const { runCli } = require(${JSON.stringify(resolve(__dirname, '..', 'tools', 'cli', 'main.ts'))});
runCli(['node', 'canary-platform', 'check', ${JSON.stringify(file)}], { out: () => undefined, err: (l) => process.stderr.write(l + '\\n') })
  .then((code) => { process.stdout.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })); });`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', probe], { cwd: resolve(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0) {
    process.stderr.write(`error: the check run failed (exit ${run.status}): ${run.stderr.trim().split('\n')[0]}\n`);
    process.exitCode = 1;
  } else {
    const { code, maxRssKb } = JSON.parse(run.stdout) as { code: number; maxRssKb: number };
    const peakMb = Math.round(maxRssKb / 1024);
    process.stdout.write(
      `check of ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB (${objects} objects): exit ${code}, peak RSS ${peakMb} MB (target < ${TARGET_MB} MB), ${seconds.toFixed(1)} s\n`,
    );
    if (peakMb >= TARGET_MB) process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
