/**
 * Text of `canary-platform failover`: the dry-run plan (steps, estimates, critical path, cost), one line per
 * progress event, the closing summary. Pure: the caller prints.
 */
import { approxDuration, formatDuration, targetVerdict } from '../rebuild/format';
import type { FailoverEvent, FailoverReport, StepResult } from './engine';
import { FAILOVER_TARGET_SECONDS, FailoverPlan, MilestoneEstimate, stepTypicalSeconds } from './plan';
import { formatUsd, PRICE_TABLE, StackCost } from './prices';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The first line: what this run is. */
export function planTitle(plan: FailoverPlan): string {
  const s = plan.pair.standby;
  const p = plan.pair.primary;
  switch (plan.mode) {
    case 'failover':
      return `Failover: ${s.stack} (${s.config.region}) takes over from ${p.stack} (${p.config.region})`;
    case 'drill':
      return `Failover DRILL into ${s.stack} (${s.config.region}): ${p.stack} keeps the traffic, nothing is scaled down`;
    case 'failback':
      return `Failback: traffic returns to ${p.stack} (${p.config.region}), then ${s.stack} returns to standby`;
  }
}

function milestoneLine(m: MilestoneEstimate): string {
  return `${m.label}: typical ${approxDuration(m.typicalSeconds)}, p50 ${approxDuration(m.distribution.p50)}, p95 ${approxDuration(m.distribution.p95)}`;
}

function costLine(label: string, cost: StackCost): string {
  const pools = cost.pools.map((p) => `${p.pool} ${p.nodes} x ${p.machineType}`).join(', ');
  const unpriced = cost.unpriced.length > 0 ? ` (no price for ${cost.unpriced.join(', ')} in ${cost.region}: add it to tools/failover/prices.ts)` : '';
  return `  ${pad(label, 20)} ${cost.nodes} nodes (${pools}): ~${formatUsd(cost.perMonth)}/month${unpriced}`;
}

/** The dry-run output. */
export function formatFailoverPlan(plan: FailoverPlan): string[] {
  const s = plan.pair.standby;
  const settings = s.config.standby.settings;
  const ttl = settings.traffic?.ttlSeconds ?? 60;
  const lines = [`${planTitle(plan)} (dry run: nothing is called - no cloud, no Pulumi CLI)`];
  lines.push(`  standby  ${s.config.file}, state ${s.config.standby.state}; cluster ${s.config.cluster.name}, project ${s.config.project}`);
  lines.push(
    settings.traffic
      ? `  traffic  A records for ${s.config.domains.map((d) => `${d}, *.${d}`).join(', ')} in Cloud DNS zone ${settings.traffic.managedZone}, TTL ${ttl} s (stack canary-platform-traffic/${s.stack})`
      : `  traffic  not managed (${s.config.file} has no standby.traffic): move DNS by hand`,
  );
  lines.push('');
  lines.push('Steps, in order (durations are typical ESTIMATES from the duration table; steps whose "after" allows run side by side):');
  const idWidth = Math.max(...plan.steps.map((st) => st.id.length));
  plan.steps.forEach((step, i) => {
    const after = step.after.length > 0 ? `after ${step.after.join(', ')}` : 'first';
    const onPath = plan.criticalPath.includes(step.id) ? '  [critical path]' : '';
    lines.push(`  ${String(i + 1).padStart(2)}. ${pad(step.id, idWidth)}  ${pad(approxDuration(stepTypicalSeconds(step, ttl)), 8)}  ${after}${onPath}`);
    lines.push(`        ${step.label}`);
    if (step.check !== '') lines.push(`        check: ${step.check}`);
  });
  lines.push('');
  lines.push(`Estimate (ESTIMATE: Monte Carlo over the duration table, ${plan.runs} runs, seed ${plan.seed}):`);
  lines.push(`  ${milestoneLine(plan.main)}`);
  lines.push(`    critical path: ${plan.criticalPath.join(' -> ')}`);
  if (plan.mode === 'failover') {
    lines.push(`    target: serving production traffic in at most ${approxDuration(FAILOVER_TARGET_SECONDS).slice(1)} at p95 - ${targetVerdict(plan.main.distribution.p95, FAILOVER_TARGET_SECONDS)} on this model`);
  }
  if (plan.mode !== 'failback') {
    lines.push(
      plan.warmNodes
        ? "    assumes the services' production minimum fits on the warm nodes (every pool keeps a node per zone); the failover waits for it either way"
        : '    a node pool stands by at 0 nodes per zone: the services wait for new nodes',
    );
  }
  lines.push(`  ${milestoneLine(plan.complete)}`);
  lines.push('');
  lines.push(`Cost of the standby (nodes, boot disks and the cluster fee; ${PRICE_TABLE.note}; recorded ${PRICE_TABLE.recorded}):`);
  lines.push(costLine('standing by:', plan.cost.standby));
  lines.push(costLine('at production size:', plan.cost.production));
  lines.push('  not included: persistent volumes, load balancers, network egress, Cloud Storage, logging; sources in tools/failover/prices.ts');
  lines.push('');
  lines.push('A real run (without --dry-run) needs the Pulumi CLI, gcloud and kubectl with access to both regions. Every step is');
  lines.push('idempotent: after a failure, fix the cause and run the same command again (done steps are skipped). Nothing is ever');
  lines.push('deleted: an `up` whose preview would delete or replace anything is refused, as in `rebuild`.');
  if (plan.mode === 'failover' && !plan.force) lines.push(`It REFUSES to start while ${plan.pair.primary.stack} still serves traffic (--force overrides; --drill never moves traffic).`);
  return lines;
}

const STATUS_TEXT: Readonly<Record<StepResult['status'], string>> = {
  done: 'done',
  skipped: 'skipped',
  refused: 'REFUSED',
  failed: 'FAILED',
  blocked: 'not started',
};

/** One line per progress event (`output` only when `verbose`). */
export function formatFailoverEvent(event: FailoverEvent, verbose = false): string[] {
  switch (event.kind) {
    case 'started':
      return [`[${event.step}] ${event.label}...`];
    case 'finished':
      return [`[${event.result.id}] ${STATUS_TEXT[event.result.status]}: ${event.result.detail}`];
    case 'output':
      return verbose ? [`[${event.step}]   ${event.text.replace(/\s+$/, '')}`] : [];
  }
}

/** The closing summary: one row per step, then what to do next. */
export function formatFailoverReport(report: FailoverReport): string[] {
  const rows = report.results.map((r) => [r.id, STATUS_TEXT[r.status], r.ms !== undefined ? formatDuration(r.ms) : '-', r.detail]);
  const header = ['STEP', 'STATUS', 'TIME', 'DETAIL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ')}`.trimEnd();
  const name = report.mode === 'drill' ? 'Drill' : report.mode === 'failback' ? 'Failback' : 'Failover';
  const lines = ['', `${name} ${report.ok ? 'complete' : 'incomplete'} in ${formatDuration(report.ms)}`, line(header)];
  for (const row of rows) lines.push(line(row));
  if (!report.ok) {
    lines.push('');
    lines.push('Fix the cause above and run the same command again: finished steps are skipped. Nothing was deleted.');
  }
  return lines;
}
