/**
 * The Argo Rollouts engine, as a specification: every strategy both engines support renders schema-valid
 * objects (upstream Argo Rollouts and Istio CRDs, Kubernetes schemas) and exactly the objects it needs, every
 * query parses, and each requirement has a targeted assertion; a small snapshot shows the default render's
 * objects and key fields.
 */
import { stringify } from 'yaml';
import { renderCanaryService, type NamedCanaryServiceProps } from '../../../../packages/canary';
import { REVISION_LABEL } from '../../../../packages/canary/engines/argo-rollouts/analysis';
import { ROLLOUT_HASH_LABEL } from '../../../../packages/canary/engines/argo-rollouts/rollout';
import { validateCanaryServiceProps } from '../../../../packages/canary/spec';
import { renderPodTemplate } from '../../../../packages/canary/workload';
import type { KubeObject } from '../../../../packages/shared';
import { validateObject, validateQueriesIn } from '../../../../packages/validation';
import { keyFields } from '../key-fields';

const BASE = { name: 'podinfo', namespace: 'shop', engine: 'argoRollouts', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

/** Every strategy both engines support, and a fully configured service. */
const CASES: Record<string, NamedCanaryServiceProps> = {
  'canary (defaults)': { ...BASE },
  'canary (stepWeight/maxWeight)': { ...BASE, strategy: { kind: 'canary', stepWeight: 10, maxWeight: 50 } },
  'A/B testing': {
    ...BASE,
    strategy: {
      kind: 'abTesting',
      iterations: 5,
      match: [
        { kind: 'header', name: 'canary', value: 'true' },
        { kind: 'header', name: 'x-user', match: 'suffix', value: '@example.com' },
        { kind: 'cookie', name: 'canary', value: 'always' },
      ],
    },
  },
  'blue/green': { ...BASE, strategy: { kind: 'blueGreen', iterations: 4 } },
  'blue/green with mirroring': { ...BASE, strategy: { kind: 'blueGreen', iterations: 4, mirrorWeight: 50 } },
  'mirror then canary': { ...BASE, strategy: { kind: 'mirror', mirrorWeight: 30, stepWeights: [10, 30, 60] } },
  'fully configured': {
    ...BASE,
    servicePort: 80,
    scaling: { kind: 'fixed', replicas: 3 },
    ingress: { hosts: ['podinfo.example.com'] },
    traffic: { timeout: '15s', retries: { attempts: 2, perTryTimeout: '5s', retryOn: '5xx' } },
    strategy: { kind: 'canary', stepWeights: [5, 25, 50] },
    analysis: {
      interval: '1m',
      threshold: 3,
      progressDeadline: '10m',
      checks: {
        successRate: { minPercent: 99.5 },
        latencyP99: false,
        business: [{ name: 'checkout-errors', query: 'sum(rate(checkout_errors_total{namespace="{{ namespace }}"}[{{ interval }}]))', max: 2 }],
      },
    },
    webhooks: { confirmRollout: true, confirmPromotion: true, loadTest: { path: '/api/info', workers: 4, ratePerWorker: 20, duration: '2m', timeout: '10s' } },
    alerts: [
      { name: 'releases', type: 'slack', secretName: 'slack-webhook', channel: 'releases', severity: 'info' },
      { name: 'on-call', type: 'slack', secretName: 'slack-webhook', channel: 'on-call', severity: 'error' },
    ],
    platform: { prometheusUrl: 'http://prometheus.monitoring:9090', loadTesterUrl: 'http://loadtester.tools/' },
  },
};

/** The AnalysisTemplates of the default checks, without relative latency. */
const ABSOLUTE_CHECKS = ['request-success-rate', 'request-duration', 'error-rate', 'latency-p95'].map((c) => `AnalysisTemplate/podinfo-${c}`);
const HOOKS = ['AnalysisTemplate/podinfo-acceptance-test', 'AnalysisTemplate/podinfo-load-test'];
/** With traffic routing: apex, stable and canary Services, DestinationRule and VirtualService. */
const ROUTED = ['Service/podinfo', 'Service/podinfo-primary', 'Service/podinfo-canary', 'DestinationRule/podinfo', 'VirtualService/podinfo'];
const AUTOSCALED = ['Rollout/podinfo', 'HorizontalPodAutoscaler/podinfo', 'PodDisruptionBudget/podinfo'];

/** The objects each case renders, in apply order. */
const OBJECTS: Record<keyof typeof CASES, readonly string[]> = {
  'canary (defaults)': ['ServiceAccount/podinfo', ...ROUTED, ...ABSOLUTE_CHECKS, 'AnalysisTemplate/podinfo-relative-latency', ...HOOKS, ...AUTOSCALED],
  'canary (stepWeight/maxWeight)': ['ServiceAccount/podinfo', ...ROUTED, ...ABSOLUTE_CHECKS, 'AnalysisTemplate/podinfo-relative-latency', ...HOOKS, ...AUTOSCALED],
  // A/B testing: the canary serves one segment of users, nothing to compare with the primary's latency.
  'A/B testing': ['ServiceAccount/podinfo', ...ROUTED, ...ABSOLUTE_CHECKS, ...HOOKS, ...AUTOSCALED],
  // Blue/green: active and preview Services only; the preview serves no production traffic to compare.
  'blue/green': ['ServiceAccount/podinfo', 'Service/podinfo', 'Service/podinfo-canary', 'DestinationRule/podinfo', 'VirtualService/podinfo', ...ABSOLUTE_CHECKS, ...HOOKS, ...AUTOSCALED],
  'blue/green with mirroring': ['ServiceAccount/podinfo', ...ROUTED, ...ABSOLUTE_CHECKS, 'AnalysisTemplate/podinfo-relative-latency', ...HOOKS, ...AUTOSCALED],
  'mirror then canary': ['ServiceAccount/podinfo', ...ROUTED, ...ABSOLUTE_CHECKS, 'AnalysisTemplate/podinfo-relative-latency', ...HOOKS, ...AUTOSCALED],
  // Fixed at 3 replicas (no HPA), P99 off, one business metric.
  'fully configured': [
    'ServiceAccount/podinfo',
    ...ROUTED,
    'AnalysisTemplate/podinfo-request-success-rate',
    'AnalysisTemplate/podinfo-error-rate',
    'AnalysisTemplate/podinfo-latency-p95',
    'AnalysisTemplate/podinfo-relative-latency',
    'AnalysisTemplate/podinfo-checkout-errors',
    ...HOOKS,
    'Rollout/podinfo',
    'PodDisruptionBudget/podinfo',
  ],
};

const render = (props: NamedCanaryServiceProps): KubeObject[] => renderCanaryService(props);
const find = (objects: readonly KubeObject[], kind: string, name = 'podinfo'): any => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
};
const steps = (objects: readonly KubeObject[]): any[] => find(objects, 'Rollout').spec.strategy.canary.steps;

describe.each(Object.entries(CASES))('%s', (title, props) => {
  const objects = render(props);

  it('renders exactly the objects its strategy needs, in apply order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(OBJECTS[title as keyof typeof CASES]);
  });

  it('renders every object schema-valid (Argo Rollouts and Istio CRDs, Kubernetes schemas)', () => {
    expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('renders PromQL that parses', () => {
    expect(validateQueriesIn(objects)).toEqual([]);
  });

  it('never uses one value object in two places (the output can be changed safely and prints without YAML aliases)', () => {
    const seen = new Set<object>();
    const shared: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      if (seen.has(value)) shared.push(path);
      seen.add(value);
      for (const [key, v] of Object.entries(value)) walk(v, `${path}.${key}`);
    };
    objects.forEach((o, i) => walk(o, `[${i}]`));
    expect(shared).toEqual([]);
  });
});

describe('the Rollout', () => {
  const objects = render(CASES['canary (defaults)']);
  const rollout = find(objects, 'Rollout');

  it('matches the snapshot of the default render\'s objects and key fields', () => {
    expect(stringify(keyFields(objects))).toMatchSnapshot();
  });

  it('runs the same pod template as the Flagger engine, plus the revision label and Argo hash in the spread', () => {
    const flagger = renderPodTemplate(validateCanaryServiceProps('podinfo', { ...BASE, engine: 'flagger' })) as any;
    const template = rollout.spec.template;
    expect(template.spec.containers).toEqual(flagger.spec.containers);
    expect(template.spec.volumes).toEqual(flagger.spec.volumes);
    expect(template.spec.securityContext).toEqual(flagger.spec.securityContext);
    const { [REVISION_LABEL]: revision, ...labels } = template.metadata.labels;
    expect(labels).toEqual(flagger.metadata.labels);
    expect(revision).toMatch(/^[0-9a-f]{10}$/);
    expect(template.spec.topologySpreadConstraints.map((c: any) => c.matchLabelKeys)).toEqual([[ROLLOUT_HASH_LABEL], [ROLLOUT_HASH_LABEL]]);
    const withoutSpread = (t: any) => ({ ...t.spec, topologySpreadConstraints: undefined });
    expect(withoutSpread(template)).toEqual(withoutSpread(flagger));
  });

  it('uses an inline template, not workloadRef, and renders no Deployment', () => {
    expect(rollout.spec.workloadRef).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'Deployment')).toEqual([]);
  });

  it('passes the revision of its own pod template to the analysis', () => {
    expect(rollout.spec.strategy.canary.analysis.args).toEqual([{ name: 'canary-revision', value: rollout.spec.template.metadata.labels[REVISION_LABEL] }]);
  });

  it('changes the revision exactly when the pods change', () => {
    const revisionOf = (props: NamedCanaryServiceProps): string => find(render(props), 'Rollout').spec.template.metadata.labels[REVISION_LABEL];
    expect(revisionOf(CASES['canary (defaults)'])).toBe(revisionOf({ ...BASE }));
    expect(revisionOf({ ...BASE, image: 'ghcr.io/stefanprodan/podinfo:6.7.1' })).not.toBe(revisionOf({ ...BASE }));
    expect(revisionOf({ ...BASE, env: { LOG_LEVEL: 'debug' } })).not.toBe(revisionOf({ ...BASE }));
    expect(revisionOf({ ...BASE, strategy: { kind: 'canary', stepWeights: [50] } })).toBe(revisionOf({ ...BASE }));
  });

  it('omits replicas when an HPA owns scaling, and the HPA targets the Rollout', () => {
    expect(rollout.spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'podinfo' });
  });

  it('sets replicas and renders no HPA for fixed scaling', () => {
    const fixed = render(CASES['fully configured']);
    expect(find(fixed, 'Rollout').spec.replicas).toBe(3);
    expect(fixed.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('protects every pod of the Rollout with the PodDisruptionBudget', () => {
    expect(find(objects, 'PodDisruptionBudget').spec.selector).toEqual({ matchLabels: { app: 'podinfo' } });
    expect(rollout.spec.selector).toEqual({ matchLabels: { app: 'podinfo' } });
  });

  it('aborts when the progress deadline passes, as Flagger rolls back', () => {
    expect(rollout.spec.progressDeadlineSeconds).toBe(300);
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
  });

  it('routes with Istio subsets of the DestinationRule and keeps stable and canary Services', () => {
    expect(rollout.spec.strategy.canary).toMatchObject({
      stableService: 'podinfo-primary',
      canaryService: 'podinfo-canary',
      trafficRouting: {
        istio: {
          virtualService: { name: 'podinfo', routes: ['primary'] },
          destinationRule: { name: 'podinfo', stableSubsetName: 'stable', canarySubsetName: 'canary' },
        },
      },
    });
    expect(rollout.spec.strategy.canary.trafficRouting.managedRoutes).toBeUndefined();
  });

  it('runs the checks and the load test in the background from the first traffic step', () => {
    const canary = rollout.spec.strategy.canary;
    expect(canary.analysis.templates.map((t: any) => t.templateName)).toEqual([
      'podinfo-request-success-rate',
      'podinfo-request-duration',
      'podinfo-error-rate',
      'podinfo-latency-p95',
      'podinfo-relative-latency',
      'podinfo-load-test',
    ]);
    expect(canary.steps[canary.analysis.startingStep]).toEqual({ setWeight: 5 });
  });

  it('runs the acceptance test on one canary pod before any traffic, then scales the canary with its weight', () => {
    expect(steps(objects).slice(0, 4)).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { analysis: { templates: [{ templateName: 'podinfo-acceptance-test' }] } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 5 },
    ]);
  });

  it('steps through the schedule one interval per weight; the last pause lasts threshold intervals', () => {
    expect(steps(objects).slice(3)).toEqual([
      { setWeight: 5 }, { pause: { duration: '30s' } },
      { setWeight: 10 }, { pause: { duration: '30s' } },
      { setWeight: 20 }, { pause: { duration: '30s' } },
      { setWeight: 50 }, { pause: { duration: '1m' } },
    ]);
  });

  it('steps a linear schedule by stepWeight up to maxWeight', () => {
    expect(steps(render(CASES['canary (stepWeight/maxWeight)'])).slice(3)).toEqual([
      { setWeight: 10 }, { pause: { duration: '30s' } },
      { setWeight: 20 }, { pause: { duration: '30s' } },
      { setWeight: 30 }, { pause: { duration: '30s' } },
      { setWeight: 40 }, { pause: { duration: '30s' } },
      { setWeight: 50 }, { pause: { duration: '1m' } },
    ]);
  });
});

describe('manual gates', () => {
  const gated = steps(render(CASES['fully configured']));

  it('holds every release before it starts with confirmRollout (kubectl argo rollouts promote)', () => {
    expect(gated[0]).toEqual({ pause: {} });
  });

  it('holds promotion with confirmPromotion', () => {
    expect(gated[gated.length - 1]).toEqual({ pause: {} });
  });

  it('turns off automatic promotion of blue/green with confirmPromotion', () => {
    const rollout = find(render({ ...BASE, strategy: { kind: 'blueGreen' }, webhooks: { confirmPromotion: true } }), 'Rollout');
    expect(rollout.spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
  });
});

describe('A/B testing', () => {
  const objects = render(CASES['A/B testing']);

  it('adds a managed header route for the matching requests (rules ORed, as in Flagger)', () => {
    const rollout = find(objects, 'Rollout');
    expect(rollout.spec.strategy.canary.trafficRouting.managedRoutes).toEqual([{ name: 'ab-test' }]);
    expect(steps(objects)).toContainEqual({
      setHeaderRoute: {
        name: 'ab-test',
        match: [
          { headerName: 'canary', headerValue: { exact: 'true' } },
          { headerName: 'x-user', headerValue: { regex: '.*@example\\.com' } },
          { headerName: 'cookie', headerValue: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } },
        ],
      },
    });
  });

  it('scales the canary fully before routing testers to it, and keeps it for iterations + threshold - 1 intervals', () => {
    expect(steps(objects)).toEqual([
      { setCanaryScale: { weight: 100 } },
      { analysis: { templates: [{ templateName: 'podinfo-acceptance-test' }] } },
      expect.objectContaining({ setHeaderRoute: expect.anything() }),
      { pause: { duration: '3m' } },
    ]);
    expect(find(objects, 'Rollout').spec.strategy.canary.analysis.startingStep).toBe(2);
  });
});

describe('mirroring', () => {
  it('mirrors a share of live traffic for one interval, removes the mirror, then runs the schedule', () => {
    expect(steps(render(CASES['mirror then canary']))).toEqual([
      { setCanaryScale: { weight: 30 } },
      { analysis: { templates: [{ templateName: 'podinfo-acceptance-test' }] } },
      { setMirrorRoute: { name: 'mirror', percentage: 30, match: [{ path: { prefix: '/' } }] } },
      { pause: { duration: '30s' } },
      { setMirrorRoute: { name: 'mirror' } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 10 }, { pause: { duration: '30s' } },
      { setWeight: 30 }, { pause: { duration: '30s' } },
      { setWeight: 60 }, { pause: { duration: '1m' } },
    ]);
  });

  it('runs blue/green with mirroring as canary steps that switch all traffic at promotion', () => {
    const objects = render(CASES['blue/green with mirroring']);
    const rollout = find(objects, 'Rollout');
    expect(rollout.spec.strategy.blueGreen).toBeUndefined();
    expect(rollout.spec.strategy.canary.trafficRouting.managedRoutes).toEqual([{ name: 'mirror' }]);
    expect(steps(objects)).toEqual([
      { setCanaryScale: { weight: 100 } },
      { analysis: { templates: [{ templateName: 'podinfo-acceptance-test' }] } },
      { setMirrorRoute: { name: 'mirror', percentage: 50, match: [{ path: { prefix: '/' } }] } },
      { pause: { duration: '2m30s' } },
    ]);
    expect(steps(objects).some((s) => 'setWeight' in s)).toBe(false);
  });
});

describe('blue/green', () => {
  const objects = render(CASES['blue/green']);
  const rollout = find(objects, 'Rollout');

  it('switches the active Service <name> to the preview <name>-canary after pre-promotion analysis', () => {
    expect(rollout.spec.strategy).toEqual({
      blueGreen: {
        activeService: 'podinfo',
        previewService: 'podinfo-canary',
        autoPromotionEnabled: true,
        scaleDownDelaySeconds: 30,
        prePromotionAnalysis: {
          args: [{ name: 'canary-revision', value: rollout.spec.template.metadata.labels[REVISION_LABEL] }],
          templates: [
            'podinfo-acceptance-test',
            'podinfo-request-success-rate',
            'podinfo-request-duration',
            'podinfo-error-rate',
            'podinfo-latency-p95',
            // No relative latency: the preview pods serve no production traffic to compare with the active ones.
            'podinfo-load-test',
          ].map((templateName) => ({ templateName })),
        },
      },
    });
    expect(rollout.spec.strategy.blueGreen.autoPromotionSeconds).toBeUndefined();
  });

  it('measures iterations + threshold - 1 times before promotion', () => {
    const counts = objects.filter((o) => o.kind === 'AnalysisTemplate' && o.metadata.name !== 'podinfo-acceptance-test').map((t: any) => t.spec.metrics[0].count);
    expect(new Set(counts)).toEqual(new Set([4 + 2 - 1]));
  });

  it('renders only the active and preview Services, and a VirtualService and DestinationRule without subsets', () => {
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['podinfo', 'podinfo-canary']);
    expect(find(objects, 'VirtualService').spec.http).toEqual([
      { name: 'primary', route: [{ destination: { host: 'podinfo', port: { number: 9898 } } }], retries: expect.anything(), timeout: '10s' },
    ]);
    expect(find(objects, 'DestinationRule').spec).toEqual({ host: 'podinfo', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });
});

describe('Istio routing', () => {
  const objects = render(CASES['fully configured']);
  const vs = find(objects, 'VirtualService');

  it('starts the primary route at 100% stable and 0% canary on the apex host', () => {
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: 'podinfo', subset: 'stable', port: { number: 80 } }, weight: 100 },
      { destination: { host: 'podinfo', subset: 'canary', port: { number: 80 } }, weight: 0 },
    ]);
  });

  it('serves the public hosts through the shared gateway and in-mesh callers', () => {
    expect(vs.spec.hosts).toEqual(['podinfo.example.com', 'podinfo']);
    expect(vs.spec.gateways).toEqual(['istio-ingress/public-gateway', 'mesh']);
  });

  it('applies the timeout and retry policy', () => {
    expect(vs.spec.http[0]).toMatchObject({ timeout: '15s', retries: { attempts: 2, perTryTimeout: '5s', retryOn: '5xx' } });
  });

  it('defines the stable and canary subsets on the apex host with mutual TLS', () => {
    expect(find(objects, 'DestinationRule').spec).toEqual({
      host: 'podinfo',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      subsets: [{ name: 'canary', labels: { app: 'podinfo' } }, { name: 'stable', labels: { app: 'podinfo' } }],
    });
  });

  it('renders the apex, stable and canary Services on the service port', () => {
    const services = objects.filter((o) => o.kind === 'Service') as any[];
    expect(services.map((s) => s.metadata.name)).toEqual(['podinfo', 'podinfo-primary', 'podinfo-canary']);
    for (const s of services) expect(s.spec).toMatchObject({ selector: { app: 'podinfo' }, ports: [{ name: 'http', port: 80, targetPort: 9898, protocol: 'TCP' }] });
  });
});

describe('AnalysisTemplates', () => {
  const objects = render(CASES['fully configured']);
  const metric = (name: string): any => find(objects, 'AnalysisTemplate', `podinfo-${name}`).spec.metrics[0];

  it('selects the canary by its revision and the stable version by every other revision', () => {
    const query = metric('relative-latency').provider.prometheus.query as string;
    expect(query).toContain('destination_canonical_revision="{{args.canary-revision}}"');
    expect(query).toContain('destination_canonical_revision!="{{args.canary-revision}}"');
    expect(query).toContain('destination_workload="podinfo"');
  });

  it('queries the configured Prometheus with the spec interval, threshold and thresholds', () => {
    expect(metric('request-success-rate')).toEqual({
      name: 'request-success-rate',
      interval: '1m',
      initialDelay: '1m',
      failureLimit: 2,
      consecutiveErrorLimit: 2,
      successCondition: 'len(result) > 0 && !isNaN(result[0]) && result[0] >= 99.5',
      provider: { prometheus: { address: 'http://prometheus.monitoring:9090', query: expect.stringContaining('istio_requests_total') } },
    });
  });

  it('renders business metrics with Flagger variables replaced', () => {
    expect(metric('checkout-errors').provider.prometheus.query).toBe('sum(rate(checkout_errors_total{namespace="shop"}[1m]))');
    expect(metric('checkout-errors').successCondition).toBe('len(result) > 0 && !isNaN(result[0]) && result[0] <= 2');
  });

  it('omits checks that are off', () => {
    expect(objects.some((o) => o.metadata.name === 'podinfo-request-duration')).toBe(false);
  });

  it('runs the load test through flagger-loadtester every interval', () => {
    expect(metric('load-test')).toEqual({
      name: 'load-test',
      interval: '1m',
      failureLimit: 2,
      consecutiveErrorLimit: 2,
      provider: {
        web: {
          url: 'http://loadtester.tools/',
          method: 'POST',
          timeoutSeconds: 10,
          jsonBody: { name: 'podinfo', namespace: 'shop', phase: 'Progressing', metadata: { type: 'cmd', cmd: 'hey -z 2m -q 20 -c 4 http://podinfo-canary.shop:80/api/info' } },
        },
      },
    });
  });

  it('retries the acceptance test every interval until it passes once', () => {
    expect(metric('acceptance-test')).toMatchObject({ consecutiveSuccessLimit: 1, failureLimit: -1, consecutiveErrorLimit: 2, interval: '1m' });
    expect(metric('acceptance-test').provider.web.jsonBody.metadata).toEqual({ type: 'bash', cmd: 'curl -sSf --max-time 10 -o /dev/null http://podinfo-canary.shop:80/readyz' });
  });
});

describe('notifications', () => {
  it('subscribes each Slack channel to the triggers its severity receives', () => {
    expect(find(render(CASES['fully configured']), 'Rollout').metadata.annotations).toEqual({
      'notifications.argoproj.io/subscribe.on-analysis-run-error.slack': 'releases',
      'notifications.argoproj.io/subscribe.on-analysis-run-failed.slack': 'on-call;releases',
      'notifications.argoproj.io/subscribe.on-rollout-aborted.slack': 'on-call;releases',
      'notifications.argoproj.io/subscribe.on-rollout-completed.slack': 'releases',
      'notifications.argoproj.io/subscribe.on-rollout-paused.slack': 'releases',
      'notifications.argoproj.io/subscribe.on-rollout-step-completed.slack': 'releases',
      'notifications.argoproj.io/subscribe.on-rollout-updated.slack': 'releases',
    });
  });

  it('adds no annotations without alerts', () => {
    expect(find(render(CASES['canary (defaults)']), 'Rollout').metadata.annotations).toBeUndefined();
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same input', () => {
    expect(JSON.stringify(render(CASES['fully configured']))).toBe(JSON.stringify(render(CASES['fully configured'])));
  });

  it('never shares objects between calls, so callers may change what they get', () => {
    const first = render(CASES['mirror then canary']) as any[];
    for (const o of first) o.metadata.labels.extra = 'x';
    find(first, 'Rollout').spec.strategy.canary.steps[2].setMirrorRoute.match[0].path.prefix = '/changed';
    const again = JSON.stringify(render(CASES['mirror then canary']));
    expect(again).not.toContain('"extra"');
    expect(again).not.toContain('/changed');
  });
});
