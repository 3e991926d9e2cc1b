/**
 * The judge evaluation, small: 21 simulated releases (1, 10, 100, 1000 req/s; healthy, 0.5% -> 5% errors, +25%
 * latency; bursts, restarts, missing scrapes, load tester) under the judge and the two threshold baselines, every
 * decision taken from a real Prometheus over backfilled blocks. About 20 seconds here. The targets are
 * asserted with margins suited to a few releases per cell; the full corpus is in docs/judge.md.
 *
 * Needs `promtool` and `prometheus` (Debian: apt-get install prometheus). Without them the suite is skipped, and
 * fails instead when REQUIRE_PROMTOOL=1.
 */
import { findPrometheusTools } from '../../packages/judge/eval/prometheus-process';
import type { JudgeEvalReport, ReportRow } from '../../packages/judge/eval/report';
import { formatReport } from '../../packages/judge/eval/report';
import { runJudgeEval } from '../../packages/judge/eval/run';

const tools = findPrometheusTools();
const required = process.env.REQUIRE_PROMTOOL === '1' || process.env.REQUIRE_PROMTOOL === 'true';

if (tools === undefined && !required) {
  describe.skip('SKIPPED: prometheus not installed', () => {
    it('runs the judge evaluation against a real Prometheus', () => undefined);
  });
} else {
  describe('judge evaluation against a real Prometheus (21 releases)', () => {
    let report: JudgeEvalReport;

    beforeAll(async () => {
      if (tools === undefined) throw new Error('REQUIRE_PROMTOOL is set but promtool or prometheus is not installed (apt-get install prometheus)');
      // 1 req/s releases are held for up to 30 minutes (60 judgements each): listed once, the others twice.
      report = await runJudgeEval({ releases: 21, seed: 18, tools, json: true, trafficLevels: [1, 10, 100, 1000, 10, 100, 1000] });
    }, 120_000);

    const rows = (filter: (r: ReportRow) => boolean) => report.rows.filter(filter);
    const judge = (kind: ReportRow['kind'], level: (rps: number) => boolean = () => true) => rows((r) => r.controller === 'judge' && r.kind === kind && level(r.requestsPerSecond));

    it('decides every release of every controller from Prometheus', () => {
      expect(report.rows.reduce((n, r) => n + r.stats.unresolved, 0)).toBe(0);
      expect(report.samples).toBeGreaterThan(10_000);
    });

    it('rolls back no healthy release on a comparison, at any traffic level', () => {
      for (const r of judge('healthy')) expect({ rps: r.requestsPerSecond, rolledBack: r.stats.rolledBack }).toEqual({ rps: r.requestsPerSecond, rolledBack: 0 });
    });

    it('catches every 0.5% -> 5% error regression at 10 req/s and more, with a median of at most 300 canary requests of evidence at 10-100 req/s (target 150 on the full corpus)', () => {
      for (const r of judge('errors', (rps) => rps >= 10)) expect(r.stats.rolledBack + r.stats.hardLimit).toBe(r.stats.releases);
      const evidence = (report.trajectories ?? [])
        .filter((t) => t.controller === 'judge' && t.kind === 'errors' && t.requestsPerSecond >= 10 && t.requestsPerSecond <= 100)
        .map((t) => t.evidenceRequests ?? Infinity)
        .sort((a, b) => a - b);
      expect(evidence.length).toBeGreaterThanOrEqual(4);
      expect(evidence[Math.floor((evidence.length - 1) / 2)]).toBeLessThanOrEqual(300);
    });

    it('catches every +25% latency regression at 10 req/s and more', () => {
      for (const r of judge('latency', (rps) => rps >= 10)) expect(r.stats.rolledBack + r.stats.hardLimit).toBe(r.stats.releases);
    });

    it('at 1 req/s holds: no healthy release rolled back on evidence, no bad release promoted', () => {
      for (const r of judge('healthy', (rps) => rps === 1)) expect(r.stats.rolledBack + r.stats.hardLimit).toBe(0);
      for (const r of [...judge('errors', (rps) => rps === 1), ...judge('latency', (rps) => rps === 1)]) expect(r.stats.promoted).toBe(0);
    });

    it('promotes healthy releases at 100 req/s and more within one interval of today\'s schedule (2 minutes)', () => {
      for (const r of judge('healthy', (rps) => rps >= 100)) expect(r.stats.medianMinutes ?? Infinity).toBeLessThanOrEqual(2.5);
    });

    it('reports a table and the targets', () => {
      const text = formatReport(report);
      expect(text).toContain('| controller | req/s | release | n | promoted | rolled back | hard limit | gave up |');
      expect(text).toContain('Targets (issue 18):');
      expect(rows((r) => r.controller === 'today').length).toBeGreaterThan(0);
      expect(rows((r) => r.controller === 'flagger-tutorial').length).toBeGreaterThan(0);
    });
  });
}
