/**
 * Each strategy renders the Flagger analysis that selects it (Canary.DeploymentStrategy in Flagger's
 * canary.go): weights for a progressive canary, match + iterations for A/B testing, iterations alone for
 * blue/green, mirror + weights for mirroring. One readable snapshot of the Canary per strategy.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../packages/shared';
import { renderCanaryService, type CanaryServiceProps, type StrategyProps } from '../../packages/canary/index';

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

const STRATEGIES: readonly [string, StrategyProps][] = [
  ['canary with the default schedule', { kind: 'canary' }],
  ['canary with stepWeight/maxWeight', { kind: 'canary', stepWeight: 10, maxWeight: 50 }],
  ['A/B testing', { kind: 'abTesting', iterations: 5, match: [{ kind: 'header', name: 'x-canary', value: 'insider' }, { kind: 'cookie', name: 'canary', value: 'always' }] }],
  ['blue/green', { kind: 'blueGreen' }],
  ['blue/green with mirroring', { kind: 'blueGreen', iterations: 6, mirrorWeight: 50 }],
  ['traffic mirroring then canary', { kind: 'mirror', mirrorWeight: 100, stepWeights: [10, 50] }],
];

describe.each(STRATEGIES)('strategy: %s', (_name, strategy) => {
  it('matches the Canary snapshot', () => {
    expect(stringify(canaryOf(strategy))).toMatchSnapshot();
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

  it('matches the fully configured snapshot', () => {
    expect(stringify(objects)).toMatchSnapshot();
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
