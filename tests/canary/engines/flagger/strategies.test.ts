/**
 * Each strategy renders the Flagger analysis that selects it (Canary.DeploymentStrategy in Flagger's
 * canary.go): weights for a progressive canary, match + iterations for A/B testing, iterations alone for
 * blue/green, mirror + weights for mirroring; and the checks and hooks each strategy runs. Then everything a
 * fully configured service renders.
 */
import { renderCanaryService, type CanaryServiceProps, type StrategyProps } from '../../../../packages/canary';
import type { KubeObject } from '../../../../packages/shared';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

function canaryOf(strategy: StrategyProps, extra: Partial<CanaryServiceProps> = {}): Record<string, any> {
  const objects: KubeObject[] = renderCanaryService({ ...BASE, ...extra, strategy });
  return objects.find((o) => o.kind === 'Canary') as Record<string, any>;
}

/** The analysis fields that select the strategy (metrics and webhooks are the same for all). */
function strategyFields(strategy: StrategyProps): Record<string, unknown> {
  const { metrics: _m, webhooks: _w, interval: _i, threshold: _t, ...rest } = canaryOf(strategy).spec.analysis;
  return rest;
}

const ALL_CHECKS = ['request-success-rate', 'request-duration', 'error-rate', 'latency-p95', 'relative-latency'];
/** Relative latency compares production traffic: off where the canary serves none like the primary's. */
const WITHOUT_RELATIVE_LATENCY = ALL_CHECKS.filter((c) => c !== 'relative-latency');

/** [strategy, its analysis fields, the checks it runs]. */
const STRATEGIES: readonly (readonly [string, StrategyProps, Record<string, unknown>, readonly string[]])[] = [
  ['canary with the default schedule', { kind: 'canary' }, { stepWeights: [5, 10, 20, 50] }, ALL_CHECKS],
  ['canary with stepWeight/maxWeight', { kind: 'canary', stepWeight: 10, maxWeight: 50 }, { maxWeight: 50, stepWeight: 10 }, ALL_CHECKS],
  [
    'A/B testing',
    { kind: 'abTesting', iterations: 5, match: [{ kind: 'header', name: 'x-canary', value: 'insider' }, { kind: 'cookie', name: 'canary', value: 'always' }] },
    { iterations: 5, match: [{ headers: { 'x-canary': { exact: 'insider' } } }, { headers: { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } } }] },
    WITHOUT_RELATIVE_LATENCY,
  ],
  ['blue/green', { kind: 'blueGreen' }, { iterations: 10 }, WITHOUT_RELATIVE_LATENCY],
  ['blue/green with mirroring', { kind: 'blueGreen', iterations: 6, mirrorWeight: 50 }, { iterations: 6, mirror: true, mirrorWeight: 50 }, ALL_CHECKS],
  ['traffic mirroring then canary', { kind: 'mirror', mirrorWeight: 100, stepWeights: [10, 50] }, { mirror: true, mirrorWeight: 100, stepWeights: [10, 50] }, ALL_CHECKS],
];

describe.each(STRATEGIES)('strategy: %s', (_name, strategy, fields, checks) => {
  const canary = canaryOf(strategy);

  it('renders exactly the analysis fields that select it', () => {
    expect(strategyFields(strategy)).toEqual(fields);
  });

  it('runs the checks that have data under it, every interval, with the default thresholds', () => {
    expect(canary.spec.analysis.metrics.map((m: { name: string }) => m.name)).toEqual(checks);
    expect(canary.spec.analysis).toMatchObject({ interval: '30s', threshold: 2 });
  });

  it('runs the acceptance test, the load test and the rollback gate', () => {
    expect(canary.spec.analysis.webhooks.map((h: { type: string; name: string }) => `${h.type} ${h.name}`)).toEqual([
      'pre-rollout acceptance-test',
      'rollout load-test',
      'rollback rollback-gate',
    ]);
  });
});

describe('progressive canary', () => {
  it('renders an explicit schedule as stepWeights, without stepWeight/maxWeight or iterations', () => {
    expect(strategyFields({ kind: 'canary', stepWeights: [5, 10, 20, 50] })).toEqual({ stepWeights: [5, 10, 20, 50] });
  });

  it('renders a linear schedule as stepWeight and maxWeight', () => {
    expect(strategyFields({ kind: 'canary', stepWeight: 10, maxWeight: 50 })).toEqual({ maxWeight: 50, stepWeight: 10 });
  });
});

describe('A/B testing', () => {
  const fields = strategyFields({
    kind: 'abTesting',
    match: [
      { kind: 'header', name: 'x-canary', value: 'insider' },
      { kind: 'header', name: 'user-agent', match: 'regex', value: '.*Firefox.*' },
      { kind: 'cookie', name: 'canary', value: 'always' },
    ],
  });

  it('renders iterations and one Istio match request per rule, and no weights', () => {
    expect(fields).toEqual({
      iterations: 10,
      match: [
        { headers: { 'x-canary': { exact: 'insider' } } },
        { headers: { 'user-agent': { regex: '.*Firefox.*' } } },
        { headers: { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } } },
      ],
    });
  });

  it('matches the cookie wherever it is in the Cookie header, and nothing else', () => {
    const regex = new RegExp(((fields.match as any[])[2].headers.cookie.regex as string));
    for (const header of ['canary=always', 'a=1; canary=always', 'a=1;canary=always; b=2']) expect(regex.test(header)).toBe(true);
    for (const header of ['canary=never', 'xcanary=always', 'a=1; canary=alwaysx']) expect(regex.test(header)).toBe(false);
  });

  it('escapes regex characters in cookie names and values', () => {
    const match = strategyFields({ kind: 'abTesting', match: [{ kind: 'cookie', name: 'beta.user', value: 'v1+' }] }).match as any[];
    expect(match[0].headers.cookie.regex).toBe('^(.*?;\\s*)?(beta\\.user=v1\\+)(;.*)?$');
  });
});

describe('blue/green', () => {
  it('renders iterations only: no match (A/B) and no weights (canary), so traffic switches at promotion', () => {
    expect(strategyFields({ kind: 'blueGreen', iterations: 8 })).toEqual({ iterations: 8 });
  });

  it('mirrors live traffic to the green pods during the iterations when mirrorWeight is set', () => {
    expect(strategyFields({ kind: 'blueGreen', mirrorWeight: 40 })).toEqual({ iterations: 10, mirror: true, mirrorWeight: 40 });
  });
});

describe('traffic mirroring', () => {
  it('renders mirror with its weight plus the canary schedule', () => {
    expect(strategyFields({ kind: 'mirror', mirrorWeight: 25, stepWeight: 20, maxWeight: 60 })).toEqual({ maxWeight: 60, mirror: true, mirrorWeight: 25, stepWeight: 20 });
  });

  it('defaults to mirroring 100% and the default schedule', () => {
    expect(strategyFields({ kind: 'mirror' })).toEqual({ mirror: true, mirrorWeight: 100, stepWeights: [5, 10, 20, 50] });
  });
});

describe('a fully configured service', () => {
  const FULL: CanaryServiceProps & { name: string } = {
    ...BASE,
    servicePort: 80,
    extraPorts: [{ name: 'metrics', port: 9797 }],
    metrics: { port: 9797, path: '/metrics' },
    command: ['./podinfo'],
    args: ['--port=9898', '--level=info'],
    env: { LOG_LEVEL: 'info', DB_PASSWORD: { secretKeyRef: { name: 'podinfo-db', key: 'password' } }, POD_NAME: { fieldPath: 'metadata.name' } },
    envFrom: [{ configMapRef: { name: 'podinfo-config' } }],
    scaling: { kind: 'autoscaled', minReplicas: 3, maxReplicas: 20, targetCpuUtilization: 60 },
    ingress: { hosts: ['podinfo.example.com'] },
    labels: { team: 'storefront' },
    strategy: { kind: 'canary', stepWeight: 10, maxWeight: 50 },
    analysis: {
      interval: '1m',
      threshold: 3,
      checks: {
        latencyP99: false,
        business: [{ name: 'checkout-completed', query: 'sum(rate(checkout_completed_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"}[{{ interval }}]))', min: 1 }],
      },
    },
    webhooks: { confirmRollout: true, confirmPromotion: true, postRollout: { url: 'https://deploy-notifier.ops.svc/released' } },
    alerts: [
      { name: 'on-call', type: 'slack', secretName: 'slack-on-call', severity: 'error', channel: 'on-call' },
      { name: 'team', type: 'msteams', secretName: 'teams-storefront', severity: 'info' },
    ],
  };
  const objects = renderCanaryService(FULL);

  const find = (kind: string, name = 'podinfo'): any => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('renders every object it configures, in apply order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/podinfo',
      'Deployment/podinfo',
      'Service/podinfo',
      'HorizontalPodAutoscaler/podinfo',
      'PodDisruptionBudget/podinfo',
      'MetricTemplate/podinfo-error-rate',
      'MetricTemplate/podinfo-latency-p95',
      'MetricTemplate/podinfo-relative-latency',
      'MetricTemplate/podinfo-checkout-completed',
      'AlertProvider/podinfo-on-call',
      'AlertProvider/podinfo-team',
      'Canary/podinfo',
    ]);
  });

  it('puts its labels on every object', () => {
    for (const o of objects) expect(o.metadata.labels).toMatchObject({ app: 'podinfo', team: 'storefront' });
  });

  it('serves the service port and routes it to the container port', () => {
    expect(find('Service').spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 9898 }]);
    expect(find('Canary').spec.service).toMatchObject({ port: 80, targetPort: 9898 });
  });

  it('runs the command and args, declares the extra port once and has Istio merge the app metrics from it', () => {
    const pod = find('Deployment').spec.template;
    expect(pod.spec.containers[0]).toMatchObject({ command: ['./podinfo'], args: ['--port=9898', '--level=info'] });
    expect(pod.spec.containers[0].ports).toEqual([
      { containerPort: 9898, name: 'http', protocol: 'TCP' },
      { containerPort: 9797, name: 'metrics', protocol: 'TCP' },
    ]);
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9797', 'prometheus.io/scrape': 'true' });
  });

  it('scales with the HPA it configures', () => {
    expect(find('HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 20, metrics: [{ resource: { target: { averageUtilization: 60 } } }] });
  });

  it('analyses on its schedule, without the check it turned off, with its business metric from a MetricTemplate', () => {
    const analysis = find('Canary').spec.analysis;
    expect(analysis).toMatchObject({ interval: '1m', maxWeight: 50, stepWeight: 10, threshold: 3 });
    expect(analysis.metrics.map((m: { name: string }) => m.name)).toEqual(['request-success-rate', 'error-rate', 'latency-p95', 'relative-latency', 'checkout-completed']);
    expect(analysis.metrics[4]).toEqual({ interval: '1m', name: 'checkout-completed', templateRef: { name: 'podinfo-checkout-completed', namespace: 'shop' }, thresholdRange: { min: 1 } });
    expect(find('MetricTemplate', 'podinfo-checkout-completed').spec.query).toBe(
      'sum(rate(checkout_completed_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"}[{{ interval }}]))',
    );
  });

  it('exposes public hosts through the platform gateway and keeps in-mesh callers on the VirtualService', () => {
    const service = (objects.find((o) => o.kind === 'Canary') as any).spec.service;
    expect(service.gateways).toEqual(['istio-ingress/public-gateway', 'mesh']);
    expect(service.hosts).toEqual(['podinfo.example.com', 'podinfo']);
  });

  it('reads webhook addresses of AlertProviders from Secrets and never renders an address', () => {
    const providers = objects.filter((o) => o.kind === 'AlertProvider') as any[];
    expect(providers.map((p) => [p.metadata.name, p.spec])).toEqual([
      ['podinfo-on-call', { channel: 'on-call', secretRef: { name: 'slack-on-call' }, type: 'slack' }],
      ['podinfo-team', { secretRef: { name: 'teams-storefront' }, type: 'msteams' }],
    ]);
    expect(JSON.stringify(objects)).not.toMatch(/"address":"https?:\/\/hooks/);
  });

  it('lists the alerts with their severities in the Canary', () => {
    expect((objects.find((o) => o.kind === 'Canary') as any).spec.analysis.alerts).toEqual([
      { name: 'on-call', providerRef: { name: 'podinfo-on-call', namespace: 'shop' }, severity: 'error' },
      { name: 'team', providerRef: { name: 'podinfo-team', namespace: 'shop' }, severity: 'info' },
    ]);
  });

  it('orders the webhooks as a release meets them: confirm-rollout, pre-rollout, rollout, confirm-promotion, rollback, post-rollout', () => {
    const hooks = (objects.find((o) => o.kind === 'Canary') as any).spec.analysis.webhooks as any[];
    expect(hooks.map((h) => `${h.type} ${h.name} ${h.url}`)).toEqual([
      'confirm-rollout confirm-rollout http://flagger-loadtester.flagger-system/gate/check',
      'pre-rollout acceptance-test http://flagger-loadtester.flagger-system/',
      'rollout load-test http://flagger-loadtester.flagger-system/',
      'confirm-promotion confirm-promotion http://flagger-loadtester.flagger-system/gate/check',
      'rollback rollback-gate http://flagger-loadtester.flagger-system/rollback/check',
      'post-rollout post-rollout https://deploy-notifier.ops.svc/released',
    ]);
    expect(hooks[2].metadata.cmd).toBe('hey -z 1m -q 10 -c 2 http://podinfo-canary.shop:80/');
  });

  it('references Secrets in env and envFrom without their values', () => {
    const container = (objects.find((o) => o.kind === 'Deployment') as any).spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'podinfo-db' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'podinfo-config' } }]);
  });
});
