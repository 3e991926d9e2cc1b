/**
 * Every object every strategy renders is valid against its schema: core kinds with kubernetes-models, Flagger
 * kinds with the project's own schemas of Flagger 1.44's API (strict: a field Flagger does not define is a problem),
 * and every PromQL query in them parses.
 */
import { validateObject, validateQueriesIn } from '../../../../packages/validation';
import { formatProblem, type KubeObject } from '../../../../packages/shared';
import { renderCanaryService, type CanaryServiceProps, type StrategyProps } from '../../../../packages/canary/index';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

/** Everything optional switched on, so every field we can render is checked. */
const EVERYTHING: Partial<CanaryServiceProps> = {
  servicePort: 80,
  extraPorts: [{ name: 'metrics', port: 9797 }],
  command: ['./podinfo'],
  args: ['--level=info'],
  env: { A: 'a', B: { secretKeyRef: { name: 's', key: 'k' } }, C: { configMapKeyRef: { name: 'c', key: 'k' } }, D: { fieldPath: 'status.podIP' } },
  envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' } }],
  serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'podinfo@project.iam.gserviceaccount.com' } },
  podAnnotations: { 'example.com/owner': 'storefront' },
  labels: { team: 'storefront' },
  ingress: { hosts: ['podinfo.example.com'] },
  analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total{namespace="{{ namespace }}"}[{{ interval }}]))', min: 1, max: 1000 }] } },
  webhooks: { confirmRollout: true, confirmPromotion: true, postRollout: { url: 'https://notify.ops/' } },
  alerts: (['slack', 'rocket', 'msteams', 'discord'] as const).map((type) => ({ name: type, type, secretName: `${type}-url`, channel: 'releases', username: 'flagger' })),
};

const STRATEGIES: readonly [string, StrategyProps][] = [
  ['canary (stepWeights)', { kind: 'canary' }],
  ['canary (stepWeight/maxWeight)', { kind: 'canary', stepWeight: 10, maxWeight: 50 }],
  ['A/B testing', { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', match: 'regex', value: '.*insider.*' }, { kind: 'cookie', name: 'canary', value: 'always' }] }],
  ['blue/green', { kind: 'blueGreen' }],
  ['blue/green with mirroring', { kind: 'blueGreen', mirrorWeight: 50 }],
  ['mirror', { kind: 'mirror' }],
];

describe.each(STRATEGIES)('%s', (_name, strategy) => {
  it.each([
    ['minimal', {}],
    ['everything on', EVERYTHING],
    ['fixed scaling, no retries, checks off', { scaling: { kind: 'fixed', replicas: 3 }, traffic: { retries: false }, analysis: { checks: { successRate: false, errorRate: false } } }],
  ] as const)('every object of the %s spec validates against its upstream schema with zero problems', (_variant, extra) => {
    const objects = renderCanaryService({ ...BASE, ...(extra as Partial<CanaryServiceProps>), strategy });
    expect(objects.flatMap((o) => validateObject(o)).map(formatProblem)).toEqual([]);
    expect(validateQueriesIn(objects).map(formatProblem)).toEqual([]);
  });
});

describe('the validator catches what we would get wrong', () => {
  it('reports a field the Flagger CRD does not define (so the zero above means something)', () => {
    const canary = renderCanaryService(BASE).find((o) => o.kind === 'Canary') as Record<string, any>;
    const broken = { ...canary, spec: { ...canary.spec, service: { ...canary.spec.service, virtualService: true } } } as unknown as KubeObject;
    expect(validateObject(broken).length).toBeGreaterThan(0);
  });
});
