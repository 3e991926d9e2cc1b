/**
 * Runs ONE measurement in a fresh process and prints it as JSON on the last stdout line:
 * `tsx bench/child.ts <variant> <n> [--profile=<file.cpuprofile>]`. A fresh process per measurement keeps JIT
 * state and caches from leaking between variants and makes peak memory the process's own `maxRSS`. `empty`
 * measures the RSS floor. With `--profile`, a CPU profile of the timed work only (not module loading) is written.
 */
import { writeFileSync } from 'fs';
import { Session } from 'inspector';
import { loadavg } from 'os';
import { performance } from 'perf_hooks';
import type { Sample, VariantId } from './harness/types';
import { VARIANT_IDS } from './harness/types';
import { VARIANTS } from './variants';

async function main(): Promise<void> {
  const [variant, nText, profileArg] = process.argv.slice(2);
  const profileFile = profileArg?.startsWith('--profile=') ? profileArg.slice('--profile='.length) : undefined;
  const n = Number(nText ?? '0');
  if (variant === 'empty') {
    process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
    return;
  }
  if (!(VARIANT_IDS as readonly string[]).includes(variant) || !Number.isInteger(n) || n < 0) {
    throw new Error(`usage: child.ts <${VARIANT_IDS.join('|')}|empty> <n>`);
  }
  const id = variant as VariantId;
  const t0 = performance.now();
  const prepare = await VARIANTS[id]();
  const importMs = performance.now() - t0;
  const work = prepare(n);
  const session = profileFile ? await startProfile() : undefined;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await work();
  const ms = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  if (session && profileFile) await stopProfile(session, profileFile);
  const { external, ...rest } = result;
  const sample: Sample = {
    variant: id,
    n,
    ms: external?.ms ?? ms,
    cpuMs: external ? external.cpuMs : (cpu.user + cpu.system) / 1000,
    importMs,
    maxRssKb: external?.maxRssKb ?? process.resourceUsage().maxRSS,
    load1: loadavg()[0],
    ...rest,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err: Error | null, result?: unknown) => (err ? reject(err) : resolve(result)));
  });
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
