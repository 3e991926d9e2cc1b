/**
 * Engine equivalence: for the same CanaryService spec, the Flagger engine and the Argo Rollouts engine give the
 * same traffic schedule, the same pass/fail thresholds, the same decision on every sequence of analysis results,
 * the same queries (up to how each tells the canary apart), the same A/B matching and the same webhook commands.
 * Everything is read back from the rendered objects through the models in engine-models.ts.
 */
import { renderCanaryService, type NamedCanaryServiceProps } from '../../packages/canary';
import { analysisQueries } from '../../packages/canary/spec/queries';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import type { KubeObject } from '../../packages/shared';
import {
  allSequences,
  argoBackgroundMeasurements,
  argoDecision,
  argoTraffic,
  flaggerAnalysesToPromote,
  flaggerDecision,
  flaggerTraffic,
  goDurationSeconds,
  istioStringMatches,
  rangeFromSuccessCondition,
  type FlaggerAnalysis,
} from './engine-models';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

const STRATEGIES: Record<string, NamedCanaryServiceProps['strategy']> = {
  'canary (default schedule)': undefined,
  'canary stepWeight 10 / maxWeight 50': { kind: 'canary', stepWeight: 10, maxWeight: 50 },
  'canary stepWeight 25 / maxWeight 100': { kind: 'canary', stepWeight: 25, maxWeight: 100 },
  'canary stepWeights 1,2,5,10,20,40,80': { kind: 'canary', stepWeights: [1, 2, 5, 10, 20, 40, 80] },
  'mirror then stepWeights 20,60': { kind: 'mirror', mirrorWeight: 40, stepWeights: [20, 60] },
  'mirror then stepWeight 30 / maxWeight 90': { kind: 'mirror', stepWeight: 30, maxWeight: 90 },
  'A/B testing, 3 iterations': { kind: 'abTesting', iterations: 3, match: [{ kind: 'header', name: 'canary', value: 'true' }] },
  'blue/green, 2 iterations': { kind: 'blueGreen', iterations: 2 },
  'blue/green with mirroring, 3 iterations': { kind: 'blueGreen', iterations: 3, mirrorWeight: 100 },
};

const ANALYSES: readonly { interval: string; threshold: number }[] = [
  { interval: '30s', threshold: 1 },
  { interval: '1m', threshold: 2 },
  { interval: '45s', threshold: 3 },
];

interface Pair {
  readonly canary: { spec: { analysis: FlaggerAnalysis & { webhooks: any[] } } };
  readonly rollout: any;
  readonly templates: Map<string, any>;
  readonly flagger: KubeObject[];
  readonly argo: KubeObject[];
}

function renderBoth(props: NamedCanaryServiceProps): Pair {
  const flagger = renderCanaryService({ ...props, engine: 'flagger' });
  const argo = renderCanaryService({ ...props, engine: 'argoRollouts' });
  const canary = flagger.find((o) => o.kind === 'Canary') as any;
  const rollout = argo.find((o) => o.kind === 'Rollout') as any;
  const templates = new Map(argo.filter((o) => o.kind === 'AnalysisTemplate').map((t: any) => [t.spec.metrics[0].name as string, t.spec.metrics[0]]));
  return { canary, rollout, templates, flagger, argo };
}

/** The check metrics of the Rollout, with how many measurements they take before promotion. */
function argoMeasurements(pair: Pair, intervalSeconds: number): number {
  const strategy = pair.rollout.spec.strategy;
  if (strategy.blueGreen) {
    const counts = new Set([...pair.templates.values()].filter((m) => m.count !== undefined).map((m) => m.count));
    expect(counts.size).toBe(1);
    return [...counts][0] as number;
  }
  return argoBackgroundMeasurements(strategy.canary.steps, strategy.canary.analysis.startingStep, intervalSeconds);
}

describe.each(Object.entries(STRATEGIES))('%s', (_title, strategy) => {
  describe.each(ANALYSES)('interval $interval, threshold $threshold', ({ interval, threshold }) => {
    const pair = renderBoth({ ...BASE, ...(strategy ? { strategy } : {}), analysis: { interval, threshold } });
    const analysis = pair.canary.spec.analysis;
    const intervalSeconds = goDurationSeconds(interval);

    it('gives the same traffic schedule (weights and mirroring, in order)', () => {
      const steps = pair.rollout.spec.strategy.canary?.steps ?? [];
      expect(argoTraffic(steps)).toEqual(flaggerTraffic(analysis));
    });

    it('analyses at the same interval with the same failure tolerance', () => {
      expect(goDurationSeconds(analysis.interval)).toBe(intervalSeconds);
      for (const metric of analysis.metrics ?? []) {
        const argo = pair.templates.get(metric.name);
        expect(argo).toBeDefined();
        expect(goDurationSeconds(argo.interval)).toBe(intervalSeconds);
        expect(argo.failureLimit + 1).toBe(analysis.threshold);
      }
    });

    it('passes and fails exactly the same sequences of analysis results', () => {
      const needed = flaggerAnalysesToPromote(analysis);
      const measurements = argoMeasurements(pair, intervalSeconds);
      const failureLimit = pair.templates.get('request-success-rate').failureLimit;
      expect(measurements).toBe(needed + analysis.threshold - 1);
      for (const results of allSequences(measurements)) {
        const flagger = flaggerDecision(results, needed, analysis.threshold);
        const argo = argoDecision(results, measurements, failureLimit);
        expect({ results, decision: argo.promoted }).toEqual({ results, decision: flagger.promoted });
      }
    });
  });
});

describe('pass/fail thresholds', () => {
  const props: NamedCanaryServiceProps = {
    ...BASE,
    analysis: {
      checks: {
        successRate: { minPercent: 99.5, interval: '2m' },
        latencyP99: { maxMs: 800 },
        errorRate: { maxPercent: 0.5 },
        latencyP95: { maxMs: 250 },
        relativeLatency: { maxSlowerPercent: 10 },
        business: [
          { name: 'orders-per-second', query: 'sum(rate(orders_total{namespace="{{ namespace }}"}[{{ interval }}]))', min: 5, max: 5000, interval: '5m' },
          { name: 'refunds', query: 'sum(rate(refunds_total{service="{{ service }}"}[{{ interval }}]))', max: 1 },
        ],
      },
    },
  };
  const pair = renderBoth(props);

  it('uses the same thresholdRange for every check (MetricTemplates and Canary vs AnalysisTemplates)', () => {
    const flagger = (pair.canary.spec.analysis.metrics ?? []).map((m) => ({ name: m.name, range: m.thresholdRange }));
    const argo = flagger.map(({ name }) => ({ name, range: rangeFromSuccessCondition(pair.templates.get(name).successCondition) }));
    expect(argo).toEqual(flagger);
    expect(flagger.map((f) => f.name)).toEqual(['request-success-rate', 'request-duration', 'error-rate', 'latency-p95', 'relative-latency', 'orders-per-second', 'refunds']);
  });

  it('runs the same queries, differing only in how the canary and the primary are selected', () => {
    const spec = validateCanaryServiceProps('podinfo', props);
    for (const q of analysisQueries(spec)) {
      const argo: string = pair.templates.get(q.check).provider.prometheus.query;
      const normalised = argo.replace(/, destination_canonical_revision!?="\{\{args\.canary-revision\}\}"/g, '');
      expect(normalised).toBe(q.query.replace(/destination_workload="podinfo-primary"/g, 'destination_workload="podinfo"'));
      expect(argo).toContain(`[${q.interval.toString()}]`);
    }
  });

  it('selects the canary by revision in every check that selects a workload', () => {
    for (const name of ['request-success-rate', 'request-duration', 'error-rate', 'latency-p95']) {
      expect(pair.templates.get(name).provider.prometheus.query).toContain('destination_canonical_revision="{{args.canary-revision}}"');
    }
  });
});

describe('A/B matching', () => {
  const rules = [
    { kind: 'header', name: 'canary', value: 'true' },
    { kind: 'header', name: 'x-plan', match: 'prefix', value: 'beta' },
    { kind: 'header', name: 'x-user', match: 'suffix', value: '@example.com' },
    { kind: 'header', name: 'x-region', match: 'regex', value: 'eu-(west|north)-[0-9]' },
    { kind: 'cookie', name: 'canary', value: 'always' },
  ] as const;
  const pair = renderBoth({ ...BASE, strategy: { kind: 'abTesting', match: rules } });
  const flaggerMatch = pair.canary.spec.analysis.match as { headers: Record<string, Record<string, string>> }[];
  const argoMatch = pair.rollout.spec.strategy.canary.steps.find((s: any) => s.setHeaderRoute).setHeaderRoute.match as {
    headerName: string;
    headerValue: Record<string, string>;
  }[];

  const samples: Record<string, string[]> = {
    canary: ['true', 'false', 'TRUE', 'true '],
    'x-plan': ['beta', 'beta-2', 'alpha-beta', ''],
    'x-user': ['ann@example.com', 'ann@example.com.evil', '@example.com', 'ann@exampleXcom'],
    'x-region': ['eu-west-1', 'eu-south-1', 'eu-north-12', 'xeu-west-1'],
    cookie: ['canary=always', 'a=1; canary=always', 'a=1;canary=always; b=2', 'canary=never', 'xcanary=always', 'canary=alwaysX'],
  };

  it('routes exactly the same requests to the canary, rule by rule', () => {
    expect(argoMatch).toHaveLength(flaggerMatch.length);
    flaggerMatch.forEach((flagger, i) => {
      const [[header, flaggerValue]] = Object.entries(flagger.headers);
      expect(argoMatch[i].headerName).toBe(header);
      for (const value of samples[header]) {
        expect({ header, value, argo: istioStringMatches(argoMatch[i].headerValue, value) }).toEqual({
          header,
          value,
          argo: istioStringMatches(flaggerValue, value),
        });
      }
    });
  });

  it('keeps the canary for as many passing iterations as Flagger', () => {
    expect(flaggerAnalysesToPromote(pair.canary.spec.analysis)).toBe(10);
  });
});

describe('webhooks', () => {
  const pair = renderBoth({ ...BASE, webhooks: { acceptanceTest: { command: 'curl -sf http://podinfo-canary.shop:9898/api/info' }, loadTest: { workers: 3 } } });
  const hook = (name: string): any => pair.canary.spec.analysis.webhooks.find((w: any) => w.name === name);

  it('sends the same acceptance test command to the same flagger-loadtester', () => {
    const argo = pair.templates.get('acceptance-test').provider.web;
    expect(argo.jsonBody.metadata).toEqual(hook('acceptance-test').metadata);
    expect(argo.url).toBe(hook('acceptance-test').url);
    expect(argo.timeoutSeconds).toBe(goDurationSeconds(hook('acceptance-test').timeout));
  });

  it('sends the same load test command every interval', () => {
    const argo = pair.templates.get('load-test');
    expect(argo.provider.web.jsonBody.metadata).toEqual(hook('load-test').metadata);
    expect(argo.provider.web.url).toBe(hook('load-test').url);
    expect(argo.interval).toBe(pair.canary.spec.analysis.interval);
  });
});

describe('the canary judge (analysis.judge)', () => {
  const judge = { alpha: 0.02, maxHold: '20m' };
  const pair = renderBoth({ ...BASE, analysis: { judge } });
  const hooks = pair.canary.spec.analysis.webhooks.filter((h: any) => h.name.startsWith('judge-'));
  const metric = pair.templates.get('judge');

  it('asks the same judge service on both engines', () => {
    expect(hooks.length).toBeGreaterThan(0);
    const origins = new Set([...hooks.map((h: any) => new URL(h.url).origin), new URL(metric.provider.web.url).origin]);
    expect(origins.size).toBe(1);
  });

  it('hands the judge the same settings', () => {
    for (const hook of hooks) expect(metric.provider.web.jsonBody.settings).toEqual(JSON.parse(hook.metadata.settings));
    expect(metric.provider.web.jsonBody.settings).toMatchObject({ alpha: 0.02, maxHold: '20m' });
  });

  it('judges the same service, the canary told apart by revision on Argo as its checks do', () => {
    const body = metric.provider.web.jsonBody;
    // Flagger's payload carries the Canary's namespace; the Argo body names it.
    expect(body.namespace).toBe((pair.canary as any).metadata.namespace);
    // The workload the Argo checks select (destination_workload) is the workload the judge is told.
    const check = pair.templates.get('request-success-rate');
    expect(check.provider.prometheus.query).toContain(`destination_workload="${body.workload}"`);
    expect(check.provider.prometheus.query).toContain(`destination_canonical_revision="${body.canaryRevision}"`);
  });

  it('measures at the analysis interval and aborts at the first fail, as the rollback hook rolls back at once', () => {
    expect(metric.interval).toBe(pair.canary.spec.analysis.interval);
    expect(metric.failureLimit).toBe(0);
    // Holds never abort before the judge itself fails after maxHold (20m at 30s: 40 measurements).
    expect(metric.inconclusiveLimit).toBeGreaterThan(goDurationSeconds('20m') / goDurationSeconds(metric.interval));
  });

  it('runs with the other background metrics of every traffic-routed strategy, and before a blue/green promotion', () => {
    for (const strategy of Object.values(STRATEGIES)) {
      const p = renderBoth({ ...BASE, ...(strategy ? { strategy } : {}), analysis: { judge } });
      const canary = p.rollout.spec.strategy.canary;
      const templates = (canary?.analysis ?? p.rollout.spec.strategy.blueGreen.prePromotionAnalysis).templates.map((t: any) => t.templateName);
      expect(templates).toContain('podinfo-judge');
      expect(p.canary.spec.analysis.webhooks.filter((h: any) => h.name.startsWith('judge-'))).toHaveLength(3);
    }
  });

  it('is off on both engines when analysis.judge is not set', () => {
    const off = renderBoth({ ...BASE });
    expect(off.templates.has('judge')).toBe(false);
    expect(off.canary.spec.analysis.webhooks.some((h: any) => h.name.startsWith('judge-'))).toBe(false);
  });
});

describe('workload', () => {
  const pair = renderBoth({ ...BASE, ingress: { hosts: ['podinfo.example.com'] } });
  const deployment = pair.flagger.find((o) => o.kind === 'Deployment') as any;
  const virtualService = pair.argo.find((o) => o.kind === 'VirtualService') as any;

  it('runs the same container', () => {
    expect(pair.rollout.spec.template.spec.containers).toEqual(deployment.spec.template.spec.containers);
  });

  it('routes the same hosts through the same gateways with the same policy', () => {
    const service = (pair.canary.spec as any).service;
    expect(virtualService.spec.hosts).toEqual(service.hosts);
    expect(virtualService.spec.gateways).toEqual(service.gateways);
    expect(virtualService.spec.http[0].timeout).toBe(service.timeout);
    expect(virtualService.spec.http[0].retries).toEqual(service.retries);
    const destinationRule = pair.argo.find((o) => o.kind === 'DestinationRule') as any;
    expect(destinationRule.spec.trafficPolicy).toEqual(service.trafficPolicy);
  });

  it('uses the same autoscaling and disruption budget settings', () => {
    const hpa = (objects: KubeObject[]): any => objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect({ ...hpa(pair.argo).spec, scaleTargetRef: undefined }).toEqual({ ...hpa(pair.flagger).spec, scaleTargetRef: undefined });
    const pdb = (objects: KubeObject[]): any => objects.find((o) => o.kind === 'PodDisruptionBudget');
    expect({ ...pdb(pair.argo).spec, selector: undefined }).toEqual({ ...pdb(pair.flagger).spec, selector: undefined });
  });
});
