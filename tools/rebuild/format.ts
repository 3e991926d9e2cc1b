/**
 * Text of `canary-platform rebuild`: the dry-run plan, one line per progress event, the closing summary.
 * Pure: the caller prints. Durations are given, never read from a clock here.
 */
import type { OpMap } from '@pulumi/pulumi/automation';
import type { LayerResult, RebuildEvent, RebuildReport } from './engine';
import type { RebuildPlan } from './plan';
import { REBUILD_TARGET_SECONDS } from './rebuild-model';
import { STEP_DURATIONS } from './durations';

/** An estimate in words: `~45 s`, `~4.5 min`, `~27 min`. */
export function approxDuration(seconds: number): string {
  if (seconds < 59.5) return `~${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  return minutes < 9.95 ? `~${minutes.toFixed(1)} min` : `~${Math.round(minutes)} min`;
}

/** `met` or `NOT met` for a p95 against a target. */
export function targetVerdict(p95Seconds: number, targetSeconds: number): string {
  return p95Seconds <= targetSeconds ? 'met' : 'NOT met';
}

/** `4.2s`, `3m05s`, `1h02m` */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const VERBS: Readonly<Record<string, string>> = {
  create: 'to create',
  update: 'to update',
  delete: 'to delete',
  replace: 'to replace',
  'create-replacement': 'to create as replacement',
  'delete-replaced': 'to delete as replaced',
  'import-replacement': 'to import as replacement',
  import: 'to import',
  same: 'unchanged',
  read: 'read',
};
const DONE: Readonly<Record<string, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  replace: 'replaced',
  same: 'unchanged',
  read: 'read',
  import: 'imported',
};

/** `31 to create, 2 unchanged` (operations in a stable order, zero counts left out). */
export function formatChanges(changes: OpMap | undefined, done = false): string {
  const entries = Object.entries(changes ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return 'no resources';
  return entries.map(([op, n]) => `${n} ${(done ? DONE[op] : VERBS[op]) ?? op}`).join(', ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The dry-run output: the plan in order, the waves, the critical path with its estimate, how a run behaves. */
export function formatPlan(plan: RebuildPlan): string[] {
  const lines: string[] = [];
  lines.push(`Rebuild plan for stack "${plan.stack}" (dry run: nothing is called - no cloud, no Pulumi CLI)`);
  lines.push(`  config   ${plan.file}, shared by every layer stack`);
  lines.push(`  target   project ${plan.project}, region ${plan.region}${plan.regionChangedFrom ? ` (--region; the file says ${plan.regionChangedFrom})` : ''}, cluster ${plan.clusterName}`);
  lines.push('');
  lines.push('Stacks, in order (durations are ESTIMATES of a first build from the duration table, not measurements):');
  const nameWidth = Math.max(...plan.stacks.map((s) => s.stackName.length));
  const byLayer = new Map(plan.estimate.layers.map((l) => [l.layer, l]));
  plan.stacks.forEach((s, i) => {
    const after = s.layer.dependsOn.length > 0 ? `after ${s.layer.dependsOn.join(', ')}` : 'first';
    const e = byLayer.get(s.layer.name);
    const estimate = e ? `${approxDuration(e.typicalSeconds)} typical (p95 ${approxDuration(e.distribution.p95)})` : '';
    lines.push(`  ${i + 1}. ${pad(s.stackName, nameWidth)}  wave ${s.wave}  ${estimate}  ${after}`);
    lines.push(`       builds: ${s.layer.builds}`);
    for (const detail of s.details) lines.push(`       - ${detail}`);
    lines.push(`       blast radius: ${s.layer.blastRadius}`);
  });
  lines.push('');
  lines.push('Waves (layers of a wave run side by side):');
  plan.waves.forEach((wave, i) => lines.push(`  ${i + 1}. ${wave.join(' + ')}`));
  lines.push('');
  lines.push(...formatRebuildEstimate(plan));
  lines.push('');
  lines.push('A real run (without --dry-run) needs the Pulumi CLI, a backend login and GCP credentials. For each stack it:');
  lines.push('  1. selects or creates the stack and reports whether it is already up (its last update and outputs);');
  lines.push('  2. previews, and REFUSES the layer if the preview would delete or replace anything (rebuild never destroys);');
  lines.push('  3. skips the layer when the preview shows no changes and its last update succeeded (resume);');
  lines.push('  4. runs `up` (no refresh); a failure stops the layers that depend on it. Run the same command again to carry on.');
  return lines;
}

/** The estimate block of the dry run: critical path, p50/p95, the target and the slowest steps on the path. */
export function formatRebuildEstimate(plan: Pick<RebuildPlan, 'estimate'>): string[] {
  const e = plan.estimate;
  const slowest = [...e.criticalSteps]
    .map((s) => ({ label: s.label, seconds: s.operations.reduce((sum, op) => sum + STEP_DURATIONS[op].typicalSeconds, 0) }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 3);
  return [
    `Estimated duration (ESTIMATE: Monte Carlo over the duration table, ${e.runs} runs, seed ${e.seed}):`,
    `  critical path: ${e.criticalLayers.join(' -> ')}`,
    `  typical ${approxDuration(e.typicalSeconds)} (one layer after the other: ${approxDuration(e.sequentialSeconds)}); p50 ${approxDuration(e.total.p50)}, p95 ${approxDuration(e.total.p95)}`,
    `  target: a cold rebuild in at most ${approxDuration(REBUILD_TARGET_SECONDS).slice(1)} at p95 - ${targetVerdict(e.total.p95, REBUILD_TARGET_SECONDS)} on this model`,
    `  slowest steps on the path (typical): ${slowest.map((s) => `${s.label} ${approxDuration(s.seconds)}`).join(', ')}`,
    '  figures and their sources: tools/rebuild/durations.ts, docs/disaster-recovery.md ("The duration table")',
  ];
}

function stackLabel(layer: string): string {
  return `[${layer}]`;
}

/** One line per progress event (`output` events only when `verbose`). */
export function formatEvent(event: RebuildEvent, verbose = false): string[] {
  const at = stackLabel(event.layer);
  switch (event.kind) {
    case 'stack-status': {
      const last = event.lastUpdate;
      const state = last
        ? `last ${last.kind} ${last.result} (version ${last.version}${last.endTime ? `, ${last.endTime.toISOString()}` : ''}), ${event.outputs} output(s)`
        : 'never deployed';
      return [`${at} stack ${event.stackName}: ${state}`];
    }
    case 'config-set':
      return [`${at} config ${event.key} = ${event.value}`];
    case 'preview-started':
      return [`${at} preview...`];
    case 'preview-done':
      return [`${at} preview: ${formatChanges(event.changes)}`];
    case 'up-to-date':
      return [`${at} up to date: skipped (the preview shows no changes and the last update succeeded)`];
    case 'up-started':
      return [`${at} up...`];
    case 'up-done':
      return [`${at} up: done in ${formatDuration(event.ms)}: ${formatChanges(event.changes, true)}`];
    case 'refused':
      return [
        `${at} REFUSED: the preview would ${Object.entries(event.destructive).map(([op, n]) => `${op} ${n}`).join(', ')} resource(s); a rebuild never deletes or replaces.`,
        `${at}   Review it with: pulumi preview --diff -s ${event.stack} --cwd ${event.projectDir}`,
      ];
    case 'failed':
      return [`${at} FAILED during ${event.phase}: ${event.message}`];
    case 'blocked':
      return [`${at} not started: waits for ${event.waitsFor.join(', ')}`];
    case 'output':
      return verbose ? [`${at}   ${event.text.replace(/\s+$/, '')}`] : [];
  }
}

const STATUS_TEXT: Readonly<Record<LayerResult['status'], string>> = {
  'up-to-date': 'up to date',
  updated: 'updated',
  refused: 'REFUSED',
  failed: 'FAILED',
  blocked: 'not started',
};

/** The closing summary: one row per stack, then what to do next. */
export function formatReport(report: RebuildReport): string[] {
  const rows = report.results.map((r) => [r.layer, r.stackName, STATUS_TEXT[r.status], r.ms !== undefined ? formatDuration(r.ms) : '-', r.detail]);
  const header = ['LAYER', 'STACK', 'STATUS', 'TIME', 'DETAIL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ')}`.trimEnd();
  const lines = ['', `Rebuild of stack "${report.stack}" ${report.ok ? 'complete' : 'incomplete'} in ${formatDuration(report.ms)}`, line(header)];
  for (const row of rows) lines.push(line(row));
  if (!report.ok) {
    lines.push('');
    lines.push('Fix the cause above and run the same command again: stacks that are up are skipped (their preview shows');
    lines.push("no changes), and the rebuild carries on from Pulumi's state. The rebuild deleted nothing.");
  }
  return lines;
}
