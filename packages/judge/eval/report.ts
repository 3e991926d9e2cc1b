/**
 * The evaluation's report: per controller and traffic level, what happened to healthy and to bad releases, the
 * issue's targets checked against the judge's numbers, and a plain-text table.
 */
import type { JudgeSpec } from '../spec';
import type { ControllerName } from './controllers';
import { CONTROLLER_NAMES } from './controllers';
import type { ReleaseKind } from './scenarios';

/** One release under one controller. */
export interface TrajectoryResult {
  readonly release: number;
  readonly requestsPerSecond: number;
  readonly kind: ReleaseKind;
  readonly disturbance: string;
  readonly controller: ControllerName;
  /** `unresolved`: Prometheus and the model kept disagreeing (should not happen; counted in the report). */
  readonly outcome: 'promoted' | 'rolled-back' | 'unfinished' | 'unresolved';
  readonly cause: 'evidence' | 'hard-limit' | 'max-hold' | 'checks' | null;
  /** Minutes from the first traffic step to the final decision. */
  readonly minutes: number | null;
  /** Production requests the canary served until the final decision (simulated ground truth). */
  readonly canaryRequests: number;
  /** Judge rollbacks: canary requests until a test first crossed its threshold (Prometheus' strata). */
  readonly evidenceRequests: number | null;
  readonly reason: string | null;
}

/** Statistics of one group of trajectories. */
export interface GroupStats {
  readonly releases: number;
  readonly promoted: number;
  /** Rolled back on a comparison (judge) or failed checks (threshold controllers). */
  readonly rolledBack: number;
  /** Judge only: rolled back by a hard limit alone (no comparison failed). */
  readonly hardLimit: number;
  /** Judge only: rolled back after maxHold without enough evidence ("never got enough traffic"). */
  readonly gaveUp: number;
  readonly unresolved: number;
  readonly medianMinutes: number | null;
  readonly p95Minutes: number | null;
  readonly medianCanaryRequests: number | null;
  readonly medianEvidenceRequests: number | null;
}

/** A group per controller, traffic level and release kind. */
export interface ReportRow {
  readonly controller: ControllerName;
  readonly requestsPerSecond: number;
  readonly kind: ReleaseKind;
  readonly stats: GroupStats;
}

/** A target of issue 18 and whether the judge met it. */
export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly detail: string;
}

/** The report. */
export interface JudgeEvalReport {
  readonly releases: number;
  readonly seed: number;
  readonly rounds: number;
  readonly samples: number;
  /** Ticks where Prometheus' answer changed the model's predicted decision (each cost a re-simulation). */
  readonly disagreements: number;
  readonly seconds: number;
  readonly settings: JudgeSpec;
  readonly rows: readonly ReportRow[];
  readonly targets: readonly TargetCheck[];
  readonly trajectories?: readonly TrajectoryResult[];
}

function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function stats(results: readonly TrajectoryResult[]): GroupStats {
  const decided = results.filter((r) => (r.kind === 'healthy' ? r.outcome === 'promoted' : r.outcome === 'rolled-back' && r.cause !== 'max-hold'));
  const minutes = decided.map((r) => r.minutes).filter((m): m is number => m !== null);
  return {
    releases: results.length,
    promoted: results.filter((r) => r.outcome === 'promoted').length,
    rolledBack: results.filter((r) => r.outcome === 'rolled-back' && (r.cause === 'evidence' || r.cause === 'checks')).length,
    hardLimit: results.filter((r) => r.outcome === 'rolled-back' && r.cause === 'hard-limit').length,
    gaveUp: results.filter((r) => r.outcome === 'rolled-back' && r.cause === 'max-hold').length,
    unresolved: results.filter((r) => r.outcome === 'unresolved' || r.outcome === 'unfinished').length,
    medianMinutes: quantile(minutes, 0.5),
    p95Minutes: quantile(minutes, 0.95),
    medianCanaryRequests: quantile(decided.map((r) => r.canaryRequests), 0.5),
    medianEvidenceRequests: quantile(decided.map((r) => r.evidenceRequests).filter((n): n is number => n !== null), 0.5),
  };
}

const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');

function targets(rows: readonly ReportRow[]): TargetCheck[] {
  const judge = rows.filter((r) => r.controller === 'judge');
  const row = (rps: number, kind: ReleaseKind, controller: ControllerName = 'judge') => rows.find((r) => r.controller === controller && r.requestsPerSecond === rps && r.kind === kind)?.stats;
  const levels = [...new Set(judge.map((r) => r.requestsPerSecond))].sort((a, b) => a - b);
  const out: TargetCheck[] = [];
  const healthy = levels.map((l) => ({ l, s: row(l, 'healthy') })).filter((x) => x.s !== undefined && x.s.releases > 0);
  out.push({
    target: 'false rollbacks <= 1% at every traffic level',
    met: healthy.every(({ s }) => s !== undefined && (s.rolledBack + s.hardLimit) / s.releases <= 0.01),
    detail: healthy.map(({ l, s }) => `${l} req/s: ${(s?.rolledBack ?? 0) + (s?.hardLimit ?? 0)}/${s?.releases}${s?.hardLimit ? ` (${s.hardLimit} by the 1% hard limit alone)` : ''}`).join(', '),
  });
  out.push({
    target: '... of which by a comparison (errors or latency vs the primary)',
    met: healthy.every(({ s }) => s !== undefined && s.rolledBack / s.releases <= 0.01),
    detail: healthy.map(({ l, s }) => `${l} req/s: ${s?.rolledBack}/${s?.releases}`).join(', '),
  });
  const errors = levels.map((l) => ({ l, s: row(l, 'errors') })).filter((x) => x.s !== undefined && x.s.releases > 0);
  const caught = errors.reduce((a, { s }) => a + (s?.rolledBack ?? 0) + (s?.hardLimit ?? 0), 0);
  const total = errors.reduce((a, { s }) => a + (s?.releases ?? 0), 0);
  out.push({
    target: '0.5% -> 5% errors caught in >= 99%',
    met: total > 0 && caught / total >= 0.99,
    detail: `${caught}/${total} (${pct(caught, total)}); by level ${errors.map(({ l, s }) => `${l}: ${(s?.rolledBack ?? 0) + (s?.hardLimit ?? 0)}/${s?.releases}${s?.gaveUp ? ` (+${s.gaveUp} rolled back after maxHold)` : ''}`).join(', ')}`,
  });
  out.push({
    target: '... with a median of <= 150 canary requests',
    met: errors.filter(({ l }) => l >= 10).every(({ s }) => (s?.medianEvidenceRequests ?? Infinity) <= 150),
    detail: errors.map(({ l, s }) => `${l} req/s: evidence ${s?.medianEvidenceRequests ?? 'n/a'}, served until rollback ${s?.medianCanaryRequests ?? 'n/a'}`).join('; '),
  });
  const latency = levels.filter((l) => l >= 10).map((l) => ({ l, s: row(l, 'latency') })).filter((x) => x.s !== undefined && x.s.releases > 0);
  out.push({
    target: '+25% latency caught in >= 95% at >= 10 req/s',
    met: latency.every(({ s }) => s !== undefined && (s.rolledBack + s.hardLimit) / s.releases >= 0.95),
    detail: latency.map(({ l, s }) => `${l} req/s: ${(s?.rolledBack ?? 0) + (s?.hardLimit ?? 0)}/${s?.releases}`).join(', '),
  });
  const fast = levels.filter((l) => l >= 100).map((l) => ({ l, judge: row(l, 'healthy'), today: row(l, 'healthy', 'today') }));
  out.push({
    target: 'healthy releases at >= 100 req/s promoted no later than with today\'s defaults',
    met: fast.every(({ judge: j, today: t }) => j?.medianMinutes !== null && t?.medianMinutes !== null && (j?.medianMinutes ?? Infinity) <= (t?.medianMinutes ?? -Infinity)),
    detail: fast.map(({ l, judge: j, today: t }) => `${l} req/s: judge median ${j?.medianMinutes ?? 'n/a'} min, today ${t?.medianMinutes ?? 'n/a'} min`).join('; '),
  });
  const slow = row(1, 'healthy');
  const slowBad = [row(1, 'errors'), row(1, 'latency')];
  out.push({
    target: 'at 1 req/s hold instead of false verdicts',
    met: slow !== undefined && slow.rolledBack + slow.hardLimit === 0 && slowBad.every((s) => s === undefined || s.promoted === 0),
    detail: `healthy: ${slow?.promoted ?? 0} promoted, ${(slow?.rolledBack ?? 0) + (slow?.hardLimit ?? 0)} rolled back on evidence, ${slow?.gaveUp ?? 0} rolled back after maxHold (never enough traffic); bad releases promoted: ${slowBad.reduce((a, s) => a + (s?.promoted ?? 0), 0)}`,
  });
  return out;
}

/** Groups results into the report. */
export function summarize(results: readonly TrajectoryResult[], meta: { releases: number; seed: number; rounds: number; samples: number; disagreements: number; seconds: number; spec: JudgeSpec; includeTrajectories: boolean }): JudgeEvalReport {
  const rows: ReportRow[] = [];
  const levels = [...new Set(results.map((r) => r.requestsPerSecond))].sort((a, b) => a - b);
  for (const controller of CONTROLLER_NAMES) {
    for (const requestsPerSecond of levels) {
      for (const kind of ['healthy', 'errors', 'latency'] as const) {
        const group = results.filter((r) => r.controller === controller && r.requestsPerSecond === requestsPerSecond && r.kind === kind);
        if (group.length > 0) rows.push({ controller, requestsPerSecond, kind, stats: stats(group) });
      }
    }
  }
  return {
    releases: meta.releases,
    seed: meta.seed,
    rounds: meta.rounds,
    samples: meta.samples,
    disagreements: meta.disagreements,
    seconds: Math.round(meta.seconds),
    settings: meta.spec,
    rows,
    targets: targets(rows),
    ...(meta.includeTrajectories ? { trajectories: results } : {}),
  };
}

const fmt = (n: number | null, digits = 1): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(digits));

/** The report as a plain-text table (Markdown-compatible). */
export function formatReport(report: JudgeEvalReport): string {
  const lines: string[] = [
    `Judge evaluation: ${report.releases} releases x ${CONTROLLER_NAMES.length} controllers, seed ${report.seed}; ${report.rounds} rounds against Prometheus, ${report.samples} samples backfilled, ${report.disagreements} model/Prometheus disagreements re-simulated; ${report.seconds}s`,
    '',
    '| controller | req/s | release | n | promoted | rolled back | hard limit | gave up | median min | p95 min | median canary req | median evidence req |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.rows) {
    const s = r.stats;
    lines.push(
      `| ${r.controller} | ${r.requestsPerSecond} | ${r.kind} | ${s.releases} | ${pct(s.promoted, s.releases)} | ${pct(s.rolledBack, s.releases)} | ${pct(s.hardLimit, s.releases)} | ${pct(s.gaveUp, s.releases)} | ${fmt(s.medianMinutes)} | ${fmt(s.p95Minutes)} | ${fmt(s.medianCanaryRequests, 0)} | ${fmt(s.medianEvidenceRequests, 0)} |`,
    );
  }
  lines.push(
    '',
    'rolled back: by a comparison with the primary (judge) or by failed threshold checks; hard limit: by the judge\'s absolute limits alone; gave up: by the judge after maxHold without enough traffic.',
    'Minutes: from the first traffic step to the decision (promotion for healthy releases, rollback for bad ones). Evidence: canary requests until a test first crossed its threshold.',
    '',
    'Targets (issue 18):',
  );
  for (const t of report.targets) lines.push(`- [${t.met ? 'x' : ' '}] ${t.target}: ${t.detail}`);
  const unresolved = report.rows.reduce((a, r) => a + r.stats.unresolved, 0);
  if (unresolved > 0) lines.push('', `WARNING: ${unresolved} trajectories unresolved or unfinished (excluded from the rates above).`);
  return `${lines.join('\n')}\n`;
}
