/**
 * Runs one measurement in a fresh child process (`node --import tsx bench/child.ts <variant> <n>`) and parses
 * the JSON line it prints.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import type { Sample, VariantId } from './types';

/** Where the repository root is (bench/harness/..). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Settings of a child run. */
export interface ChildOptions {
  /** Run the child with `--cpu-prof`, writing the profile into this folder. @default - no profiling */
  readonly profileDir?: string;
  /** Kill the child after this many milliseconds. @default 600000 */
  readonly timeoutMs?: number;
}

function runChild(args: readonly string[], options: ChildOptions): string {
  const nodeArgs = ['--import', 'tsx'];
  if (options.profileDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.profileDir);
  const proc = spawnSync(process.execPath, [...nodeArgs, join(REPO_ROOT, 'bench', 'child.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 600_000,
  });
  if (proc.error) throw new Error(`child ${args.join(' ')} failed: ${proc.error.message}`);
  if (proc.status !== 0) {
    throw new Error(`child ${args.join(' ')} exited with ${proc.status ?? proc.signal}:\n${proc.stderr.trim()}`);
  }
  const last = proc.stdout.trim().split('\n').pop() ?? '';
  return last;
}

/** Measures `variant` at size `n` in a fresh process. */
export function measure(variant: VariantId, n: number, options: ChildOptions = {}): Sample {
  const line = runChild([variant, String(n)], options);
  try {
    return JSON.parse(line) as Sample;
  } catch {
    throw new Error(`child ${variant} ${n} printed no result line; last line: ${line.slice(0, 200)}`);
  }
}

/** Peak RSS, in kilobytes, of a child that loads the harness and does nothing. */
export function emptyChildRssKb(): number {
  return (JSON.parse(runChild(['empty', '0'], {})) as { maxRssKb: number }).maxRssKb;
}
