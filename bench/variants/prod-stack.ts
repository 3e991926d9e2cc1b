/**
 * The offline render of the whole prod stack: the synth engine (`tools/offline/synth.ts`) called in process,
 * and `npm run synth -- --stack prod` as a user runs it (a fresh process tree: npm, tsx, the CLI).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import type { WorkResult } from '../harness/types';

/** Repository root (bench/variants/..). */
const ROOT = join(__dirname, '..', '..');

interface SynthModule {
  synth(options: { projectDir: string; stack: string; outDir: string }): Promise<{
    rendered: { manifests: readonly { object: { kind: string } }[]; helmReleases: readonly unknown[]; plan: { summary: { resources: number } } };
    files: readonly string[];
    timings: readonly { title: string; ms: number }[];
  }>;
}

/** Kinds that mark one progressively delivered service. */
const SERVICE_KINDS = new Set(['Canary', 'Rollout']);

/** Loads the synth engine (not timed; the Pulumi program it runs is loaded inside the timed render). */
export async function loadSynth(): Promise<SynthModule['synth']> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../tools/offline/synth') as SynthModule).synth;
}

/** Renders the prod stack in this process into a temporary folder. */
export async function prodStackInProcess(synth: SynthModule['synth']): Promise<WorkResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-prod-'));
  try {
    const report = await synth({ projectDir: ROOT, stack: 'prod', outDir: join(outDir, 'prod') });
    const manifests = report.rendered.manifests;
    const validate = report.timings.find((t) => t.title.startsWith('Validate'));
    return {
      objects: manifests.length,
      services: manifests.filter((m) => SERVICE_KINDS.has(m.object.kind)).length,
      ...(validate ? { validationMs: validate.ms } : {}),
      notes: [
        `${report.rendered.plan.summary.resources} Pulumi resources, ${manifests.length} manifests, ${report.rendered.helmReleases.length} Helm releases, ${report.files.length} files`,
        ...report.timings.map((t) => `${t.title}: ${t.ms.toFixed(0)} ms`),
      ],
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Runs `npm run synth -- --stack prod --out <tmp>` and returns its wall time and the peak RSS of the largest
 * process in it (reported by `exit-rss.cjs`, preloaded through NODE_OPTIONS).
 */
export function prodStackCli(): WorkResult {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-prod-cli-'));
  const preload = `--require ${join(ROOT, 'bench', 'harness', 'exit-rss.cjs')}`;
  try {
    const t0 = performance.now();
    const proc = spawnSync('npm', ['run', '--silent', 'synth', '--', '--stack', 'prod', '--out', join(outDir, 'prod')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim(), CI: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - t0;
    if (proc.status !== 0) throw new Error(`npm run synth exited with ${proc.status}:\n${proc.stdout}\n${proc.stderr}`);
    const usage = [...proc.stderr.matchAll(/BENCH_MAXRSS_KB (\d+) BENCH_CPU_US (\d+)/g)];
    const rss = usage.map((m) => Number(m[1]));
    const cpuMs = usage.reduce((sum, m) => sum + Number(m[2]) / 1000, 0);
    const plan = JSON.parse(readFileSync(join(outDir, 'prod', 'plan.json'), 'utf8')) as { summary: { manifests: number; byType?: Record<string, number> } };
    const manifestDir = join(outDir, 'prod', 'manifests');
    const services = readdirSync(manifestDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .filter((f) => /^kind: (Canary|Rollout)$/m.test(readFileSync(join(manifestDir, f), 'utf8'))).length;
    return {
      external: { ms, maxRssKb: Math.max(0, ...rss), cpuMs },
      objects: plan.summary.manifests,
      services,
      notes: [`peak RSS is the largest of ${rss.length} node processes (npm, tsx, the CLI); CPU is their sum`],
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
