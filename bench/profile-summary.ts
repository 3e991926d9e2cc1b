/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile DIR`): the functions with the
 * most self time, and the files (packages) the time goes to.
 * Usage: `tsx bench/profile-summary.ts <file.cpuprofile> [top=25]`.
 */
import { readFileSync } from 'fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Self time per function and per file (package), in milliseconds, largest first. */
export function summariseProfile(profile: CpuProfile): { functions: [string, number][]; files: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    const file = shorten(url);
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const group = file.startsWith('node_modules/') ? file.split('/').slice(0, file.startsWith('node_modules/@') ? 3 : 2).join('/') : file || functionName;
    files.set(group, (files.get(group) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { functions: sorted(functions), files: sorted(files), totalMs: (profile.endTime - profile.startTime) / 1000 };
}

function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm);
  const root = process.cwd() + '/';
  return path.startsWith(root) ? path.slice(root.length) : path;
}

function main(): void {
  const args = process.argv.slice(2);
  const top = args.length > 1 && /^\d+$/.test(args[args.length - 1]) ? Number(args.pop()) : 25;
  if (args.length === 0) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile>... [top]');
  // `--cpu-prof` also profiles the module-loader thread tsx starts; summarise every file given, largest first.
  for (const file of args) {
    const { functions, files, totalMs } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const busyMs = files.filter(([name]) => name !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
    process.stdout.write(`\nprofile ${file}: ${totalMs.toFixed(0)} ms wall, ${busyMs.toFixed(0)} ms busy\n\nself time by file/package:\n`);
    for (const [name, ms] of files.slice(0, top)) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms  ${name}\n`);
    process.stdout.write('\nself time by function:\n');
    for (const [name, ms] of functions.slice(0, top)) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms  ${name}\n`);
  }
}

if (require.main === module) {
  process.stdout.on('error', () => process.exit(0)); // a closed pipe (`| head`) is not an error
  main();
}
