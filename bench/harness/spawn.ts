/**
 * Runs one measurement in a fresh child process (`node --import tsx bench/child.ts <variant> <n>`) and parses
 * the JSON line it prints.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Sample, VariantId } from './types';

/** Where the repository root is (bench/harness/..). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Settings of a child run. */
export interface ChildOptions {
  /** Write a CPU profile of the timed work into this folder (`<variant>-<n>-<run>.cpuprofile`). @default - no profiling */
  readonly profileDir?: string;
  /** Kill the child after this many milliseconds. @default 600000 */
  readonly timeoutMs?: number;
}

function runChild(args: readonly string[], options: ChildOptions): string {
  const proc = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'child.ts'), ...args], {
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
  const args = [variant, String(n)];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    let run = 1;
    while (existsSync(profilePath(options.profileDir, variant, n, run))) run++;
    args.push(`--profile=${profilePath(options.profileDir, variant, n, run)}`);
  }
  const line = runChild(args, options);
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

function profilePath(dir: string, variant: VariantId, n: number, run: number): string {
  return resolve(dir, `${variant}-${n}-${run}.cpuprofile`);
}
