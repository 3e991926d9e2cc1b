/**
 * The standby promoted (`state: scaled`) under mocks, the program `pulumi up -s dr` runs: what a failover's
 * `up` of the cluster and services layers applies. Node pools at production minimum, services at production
 * replicas, and nothing that the standby render has disappears (the failover never deletes).
 */
import { installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';
import { parseStackConfig } from '../../stacks/platform/config';
import { buildPlatformStack } from '../../stacks/platform/program';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

describe('dr promoted (state: scaled), mocked', () => {
  const monitor = installRecordingMonitor({ stack: 'dr' });
  let graph: ResourceGraph;

  beforeAll(async () => {
    const { raw, file } = rawStackConfig('dr');
    const standby = JSON.parse(raw['canary-platform:standby']) as Record<string, unknown>;
    raw['canary-platform:standby'] = JSON.stringify({ ...standby, state: 'scaled' });
    buildPlatformStack(parseStackConfig(raw, { file, secretKeys: [] }));
    graph = await monitor.settle();
  });

  it('raises the node pools to their production minimum and keeps image streaming', () => {
    const pool = (name: string) => graph.one('gcp:container/nodePool:NodePool', `canary-prod-ew1-gke-pool-${name}`).inputs as Record<string, Record<string, unknown>>;
    expect(pool('system').autoscaling).toMatchObject({ minNodeCount: 1, maxNodeCount: 3 });
    expect(pool('workloads').autoscaling).toMatchObject({ minNodeCount: 2, maxNodeCount: 10 });
    expect(pool('workloads').nodeConfig.gcfsConfig).toEqual({ enabled: true });
  });

  it('runs each CanaryService at its production minimum, with the same objects as standing by (nothing to delete)', () => {
    const objs = graph.one('kubernetes:yaml/v2:ConfigGroup', 'canary-prod-ew1-services-demo').inputs.objs as Array<{ kind: string; spec?: Record<string, unknown> }>;
    expect(objs.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    expect(objs.map((o) => o.kind).sort()).toEqual(
      ['Canary', 'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'MetricTemplate', 'MetricTemplate', 'MetricTemplate', 'PodDisruptionBudget', 'PrometheusRule', 'Service', 'ServiceAccount'].sort(),
    );
    expect(graph.ofType('gcp:gkebackup/restorePlan:RestorePlan')).toHaveLength(1);
  });
});
