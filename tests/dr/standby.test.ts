/**
 * `canary-platform:standby`: what a standby runs in each state (node pools, services, image streaming), the
 * defaults, and one test per validation rule with its exact message.
 */
import { isValidationError } from '../../packages/shared';
import { nodePoolSettings, resolveGkeClusterArgs } from '../../packages/platform/gke';
import { productionReplicas, standbyMinNodes, standbyNodePools, standbyReplicas, standbyScaling } from '../../packages/platform/standby';
import { parseStackConfig } from '../../stacks/platform/config';
import { rawStackConfig } from '../support/stack-config';

/** The dr stack file with `canary-platform:standby` changed by `change`. */
function dr(change: (standby: Record<string, unknown>, raw: Record<string, string>) => void = () => undefined) {
  const { raw, file } = rawStackConfig('dr');
  const standby = JSON.parse(raw['canary-platform:standby']) as Record<string, unknown>;
  change(standby, raw);
  raw['canary-platform:standby'] = JSON.stringify(standby);
  return parseStackConfig(raw, { file, secretKeys: [] });
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isValidationError(err)) return err.problems.map((p) => `${p.subject}: ${p.path} ${p.message}`);
    throw err;
  }
  return [];
}

const pools = (c: ReturnType<typeof dr>) => c.cluster.nodePools.map((p) => [p.name, p.minNodes, p.maxNodes, p.imageStreaming]);
const scaling = (c: ReturnType<typeof dr>) => c.services.map((s) => s.scaling);

describe('what a standby runs', () => {
  it('standing by: pools at their standby minimum (maximum kept), services at their standby replicas, image streaming on', () => {
    const c = dr();
    expect(pools(c)).toEqual([
      ['system', 1, 3, true],
      ['workloads', 1, 10, true],
    ]);
    expect(scaling(c)).toEqual([{ kind: 'autoscaled', minReplicas: 2, maxReplicas: 12 }]);
    expect(c.standby?.productionNodePools.map((p) => [p.name, p.minNodes])).toEqual([
      ['system', 1],
      ['workloads', 2],
    ]);
    expect(c.standby?.productionServices[0].scaling).toEqual({ kind: 'autoscaled', minReplicas: 3, maxReplicas: 12 });
  });

  it.each(['scaled', 'serving'])('%s: production sizes, image streaming still on (no node is recreated)', (state) => {
    const c = dr((s) => {
      s.state = state;
    });
    expect(pools(c)).toEqual([
      ['system', 1, 3, true],
      ['workloads', 2, 10, true],
    ]);
    expect(scaling(c)).toEqual([{ kind: 'autoscaled', minReplicas: 3, maxReplicas: 12 }]);
    expect(c.standby?.state).toBe(state);
  });

  it('defaults: state standby, 1 node per pool per zone, 2 replicas (or less when production has less), image streaming on', () => {
    const c = dr((s) => {
      delete s.state;
      delete s.minNodes;
      delete s.serviceReplicas;
      delete s.imageStreaming;
    });
    expect(c.standby?.state).toBe('standby');
    expect(pools(c)).toEqual([
      ['system', 1, 3, true],
      ['workloads', 1, 10, true],
    ]);
    expect(scaling(c)).toEqual([{ kind: 'autoscaled', minReplicas: 2, maxReplicas: 12 }]);
    expect(standbyMinNodes({ of: 'prod' }, { name: 'spare', minNodes: 0 })).toBe(0);
    expect(standbyReplicas({ of: 'prod' }, { kind: 'fixed', replicas: 1 })).toBe(1);
  });

  it('sizes fixed, autoscaled and default scaling', () => {
    const standby = { of: 'prod', serviceReplicas: 2 };
    expect(standbyScaling(standby, { kind: 'fixed', replicas: 4 })).toEqual({ kind: 'fixed', replicas: 2 });
    expect(standbyScaling(standby, undefined)).toEqual({ kind: 'autoscaled', minReplicas: 2 });
    expect(standbyScaling({ ...standby, state: 'scaled' }, { kind: 'fixed', replicas: 4 })).toEqual({ kind: 'fixed', replicas: 4 });
    expect(productionReplicas(undefined)).toBe(2);
    expect(productionReplicas({ kind: 'autoscaled' })).toBe(2);
    expect(standbyNodePools({ of: 'prod', imageStreaming: false }, [{ name: 'a', minNodes: 3, maxNodes: 5 }])).toEqual([{ name: 'a', minNodes: 1, maxNodes: 5 }]);
  });

  it('renders gcfsConfig only for a pool that streams images', () => {
    const args = resolveGkeClusterArgs('x', {
      project: 'acme-canary-prod',
      region: 'europe-west1',
      zones: ['europe-west1-b'],
      authorizedNetworks: [],
      nodePools: [
        { name: 'plain', minNodes: 1, maxNodes: 2 },
        { name: 'streaming', minNodes: 1, maxNodes: 2, imageStreaming: true },
      ],
    });
    const refs = { cluster: 'c', serviceAccountEmail: 'e' };
    expect(nodePoolSettings(args, args.nodePools[0], refs).nodeConfig).not.toHaveProperty('gcfsConfig');
    expect((nodePoolSettings(args, args.nodePools[1], refs).nodeConfig as { gcfsConfig?: unknown }).gcfsConfig).toEqual({ enabled: true });
  });
});

describe('canary-platform:standby validation', () => {
  it('rejects a pool that does not exist and a standby larger than production', () => {
    expect(
      problems(() =>
        dr((s) => {
          s.minNodes = { system: 2, gpu: 1 };
        }),
      ),
    ).toEqual([
      "Pulumi.dr.yaml: canary-platform:standby.minNodes.system (2) must be <= the pool's production minimum (1): a standby is never larger than production",
      'Pulumi.dr.yaml: canary-platform:standby.minNodes.gpu is not a node pool of this stack; node pools: system, workloads',
    ]);
  });

  it('rejects more service replicas than production, and a count that drops a PodDisruptionBudget', () => {
    expect(problems(() => dr((s) => void (s.serviceReplicas = 4)))).toEqual([
      "Pulumi.dr.yaml: canary-platform:standby.serviceReplicas (4) must be <= demo/podinfo's production minimum (3)",
    ]);
    expect(problems(() => dr((s) => void (s.serviceReplicas = 1)))).toEqual([
      "Pulumi.dr.yaml: canary-platform:standby.serviceReplicas (1) would drop demo/podinfo's PodDisruptionBudget while standing by, so returning to standby would delete it (a failover never deletes); use 2 or more",
    ]);
  });

  it('needs the restore plan a failover restores with', () => {
    expect(
      problems(() =>
        dr((_s, raw) => {
          const cluster = JSON.parse(raw['canary-platform:cluster']) as Record<string, unknown>;
          delete cluster.restore;
          raw['canary-platform:cluster'] = JSON.stringify(cluster);
        }),
      ),
    ).toEqual(["Pulumi.dr.yaml: canary-platform:standby needs canary-platform:cluster.restore: the restore plan a failover restores prod's data with (see Pulumi.dr.yaml)"]);
  });

  it('checks the schema: state, stack name, TTL, unknown keys', () => {
    const found = problems(() =>
      dr((s) => {
        s.state = 'active';
        s.of = 'Prod';
        s.traffic = { managedZone: 'canary-example-com', ttlSeconds: 3600 };
        s.replicas = 2;
      }),
    );
    expect(found).toEqual([
      'Pulumi.dr.yaml: canary-platform:standby.of "Prod" must be a stack name like prod (Pulumi.<stack>.yaml)',
      'Pulumi.dr.yaml: canary-platform:standby.state "active" must be one of standby, scaled, serving',
      'Pulumi.dr.yaml: canary-platform:standby.traffic.ttlSeconds (3600) must be <= 300',
      'Pulumi.dr.yaml: canary-platform:standby.replicas is not a known key; known keys: of, state, minNodes, serviceReplicas, imageStreaming, traffic',
    ]);
  });
});
