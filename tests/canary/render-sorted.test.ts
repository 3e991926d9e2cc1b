/**
 * renderCanaryService returns keys in sorted order without a re-sorting pass for the Flagger engine: this matrix
 * of specs (every strategy x every option, user maps given in unsorted order) proves the output is byte for
 * byte what `sortKeys` would make of it.
 */
import { sortKeys } from '../../packages/shared';
import { renderCanaryService, type CanaryServiceProps, type StrategyProps } from '../../packages/canary/index';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

const STRATEGIES: readonly StrategyProps[] = [
  { kind: 'canary' },
  { kind: 'canary', stepWeight: 10, maxWeight: 50 },
  { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', match: 'suffix', value: 'a' }, { kind: 'cookie', name: 'c', value: 'v' }] },
  { kind: 'blueGreen' },
  { kind: 'blueGreen', mirrorWeight: 10 },
  { kind: 'mirror', stepWeight: 20, maxWeight: 60 },
];

const OPTIONS: readonly [string, Partial<CanaryServiceProps>][] = [
  ['defaults', {}],
  [
    'everything, user maps unsorted',
    {
      command: ['x'],
      args: ['y'],
      extraPorts: [{ name: 'metrics', port: 9797 }],
      env: { Z: 'z', A: { secretKeyRef: { name: 's', key: 'k' } }, M: { configMapKeyRef: { name: 'c', key: 'k' } }, F: { fieldPath: 'metadata.name' } },
      envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' } }],
      labels: { zeta: '1', alpha: '2', 'example.com/team': 'x' },
      podAnnotations: { 'z.example.com/a': '1', 'a.example.com/b': '2' },
      serviceAccount: { annotations: { zz: '1', aa: '2' }, automountToken: true },
      ingress: { hosts: ['z.example.com', 'a.example.com'] },
      analysis: { checks: { business: [{ name: 'b', query: 'vector(1)', max: 2, min: 1 }, { name: 'a', query: 'vector(1)', min: 1 }] } },
      webhooks: { confirmRollout: true, confirmPromotion: true, postRollout: { url: 'https://x.example.com/' } },
      alerts: [{ name: 'z', type: 'slack', secretName: 's', channel: 'c', username: 'u' }, { name: 'a', type: 'discord', secretName: 'd' }],
    },
  ],
  ['fixed scaling, no retries, hooks off', { scaling: { kind: 'fixed', replicas: 3 }, traffic: { retries: false }, webhooks: { acceptanceTest: false, rollbackGate: false } }],
];

describe.each(STRATEGIES)('strategy %o', (strategy) => {
  it.each(OPTIONS)('%s: output is exactly sortKeys(output)', (_name, options) => {
    const objects = renderCanaryService({ ...BASE, ...options, strategy });
    expect(JSON.stringify(objects)).toBe(JSON.stringify(sortKeys(objects)));
  });
});

describe('other engines', () => {
  it('are sorted at the dispatch point (argoRollouts)', () => {
    const objects = renderCanaryService({ ...BASE, engine: 'argoRollouts' });
    expect(objects.length).toBeGreaterThan(0);
    expect(JSON.stringify(objects)).toBe(JSON.stringify(sortKeys(objects)));
  });
});
