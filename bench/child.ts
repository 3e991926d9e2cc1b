/**
 * Runs ONE measurement in a fresh process and prints it as JSON on the last stdout line:
 * `tsx bench/child.ts <variant> <n>`. A fresh process per measurement keeps JIT state and caches from leaking
 * between variants and makes peak memory the process's own `maxRSS`. `empty` measures the RSS floor.
 */
import { loadavg } from 'os';
import { performance } from 'perf_hooks';
import type { Sample, VariantId } from './harness/types';
import { VARIANT_IDS } from './harness/types';
import { VARIANTS } from './variants';

async function main(): Promise<void> {
  const [variant, nText] = process.argv.slice(2);
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
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await work();
  const ms = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
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

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
