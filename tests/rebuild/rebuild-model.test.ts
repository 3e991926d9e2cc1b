/**
 * The rebuild's duration model: which steps each layer runs for a configuration, in which order, and the
 * arithmetic on a table where every operation takes one minute (the real figures are checked for sanity only).
 */
import { resolve } from 'node:path';
import { durationTableProblems, dnsCacheExpiry, STEP_DURATIONS } from '../../tools/rebuild/durations';
import { loadRebuildConfig } from '../../tools/rebuild/plan';
import { rebuildEstimate, rebuildSteps } from '../../tools/rebuild/rebuild-model';
import type { StackConfig } from '../../stacks/platform/config';

const ROOT = resolve(__dirname, '..', '..');
const prod = loadRebuildConfig(ROOT, 'prod').config;

/** Every operation of the real table at exactly 60 s. */
const minuteEach = Object.fromEntries(Object.keys(STEP_DURATIONS).map((k) => [k, { lowSeconds: 60, typicalSeconds: 60, highSeconds: 60 }]));

describe('rebuildSteps', () => {
  it('runs each layer as start -> its resources in dependency order -> done, after its upstream layers', () => {
    const steps = rebuildSteps(prod);
    const after = Object.fromEntries(steps.map((s) => [s.id, s.after]));
    expect(after['cluster.start']).toEqual([]);
    expect(after['cluster.gke']).toEqual(['cluster.network']);
    expect(after['cluster.pool-system']).toEqual(['cluster.gke']);
    expect(after['cluster.pool-workloads']).toEqual(['cluster.gke']);
    expect(after['cluster.backup-plan']).toEqual(['cluster.pool-system', 'cluster.pool-workloads']);
    expect(after['cluster.done']).toEqual(['cluster.backup-plan']);
    expect(after['mesh.start']).toEqual(['cluster.done']);
    expect(after['observability.start']).toEqual(['cluster.done']);
    expect(after['observability.loki']).toEqual(['observability.kube-prometheus-stack', 'observability.loki-bucket']);
    expect(after['delivery.start']).toEqual(['mesh.done', 'observability.done']);
    expect(after['delivery.done']).toEqual(['delivery.flagger', 'delivery.loadtester']);
    expect(after['services.start']).toEqual(['delivery.done']);
  });

  it('follows the configuration: restore plan, Argo Rollouts, no backups, no services', () => {
    const dr = loadRebuildConfig(ROOT, 'dr').config;
    expect(rebuildSteps(dr).map((s) => s.id)).toContain('cluster.restore-plan');
    const staging = loadRebuildConfig(ROOT, 'staging').config;
    const ids = rebuildSteps(staging).map((s) => s.id);
    expect(ids).toContain('delivery.argo-rollouts');
    expect(ids).not.toContain('cluster.backup-plan');
    const empty: StackConfig = { ...prod, services: [] };
    const services = rebuildSteps(empty).filter((s) => s.layer === 'services');
    expect(services.map((s) => [s.id, s.after])).toEqual([
      ['services.start', ['delivery.done']],
      ['services.done', ['services.start']],
    ]);
  });
});

describe('rebuildEstimate', () => {
  it('adds up the longest chain of steps on a table without spread', () => {
    const e = rebuildEstimate(prod, undefined, minuteEach, { runs: 20 });
    // cluster: start (preview + update) 2, network 1, cluster 1, pools side by side 1, backup plan 1 = 6 minutes
    expect(e.layers.map((l) => [l.layer, l.typicalSeconds / 60])).toEqual([
      ['cluster', 6],
      ['mesh', 6],
      ['observability', 5],
      ['delivery', 3],
      ['services', 3],
    ]);
    expect(e.criticalLayers).toEqual(['cluster', 'mesh', 'delivery', 'services']);
    expect(e.typicalSeconds / 60).toBe(18);
    expect(e.sequentialSeconds / 60).toBe(23);
    expect(e.total).toEqual({ p50: 18 * 60, p95: 18 * 60, min: 18 * 60, max: 18 * 60 });
    expect(e.criticalSteps.map((s) => s.id)).toEqual([
      'cluster.start',
      'cluster.network',
      'cluster.gke',
      'cluster.pool-system',
      'cluster.backup-plan',
      'mesh.start',
      'mesh.istio-base',
      'mesh.istio-cni',
      'mesh.istiod',
      'mesh.gateway',
      'delivery.start',
      'delivery.flagger',
      'services.start',
      'services.canary-services',
    ]);
  });

  it('is reproducible with the real table (seeded) and puts p95 above p50 above the typical sum', () => {
    const a = rebuildEstimate(prod);
    expect(rebuildEstimate(prod)).toEqual(a);
    expect(a.total.p50).toBeGreaterThan(a.typicalSeconds);
    expect(a.total.p95).toBeGreaterThan(a.total.p50);
    expect(a.runs).toBe(2000);
    expect(a.seed).toBe(1);
  });
});

describe('the duration table', () => {
  it('holds ordered, non-negative figures, each with a source', () => {
    expect(durationTableProblems(STEP_DURATIONS)).toEqual([]);
    for (const d of Object.values(STEP_DURATIONS)) {
      expect(d.source.length).toBeGreaterThan(20);
      if (d.basis === 'published') expect(d.source).toMatch(/https:\/\/|RFC/);
    }
  });

  it('reports figures out of order, negative or without a source', () => {
    expect(
      durationTableProblems({
        a: { lowSeconds: 10, typicalSeconds: 5, highSeconds: 20, source: 'x' },
        b: { lowSeconds: -1, typicalSeconds: 0, highSeconds: 1, source: ' ' },
      }),
    ).toEqual(['a: low (10) <= typical (5) <= high (20) must hold', 'b: lowSeconds (-1) must be a number of seconds >= 0', 'b: source must say where the figure comes from']);
  });

  it('derives the DNS cache expiry from the record TTL', () => {
    expect(dnsCacheExpiry(60)).toMatchObject({ lowSeconds: 5, typicalSeconds: 60, highSeconds: 120 });
    expect(dnsCacheExpiry(3)).toMatchObject({ lowSeconds: 3, typicalSeconds: 3, highSeconds: 63 });
  });
});
