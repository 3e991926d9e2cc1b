/**
 * The prod stack file end to end under mocks, services included: the podinfo demo CanaryService is rendered by
 * the real CanaryService construct and deployed as a ConfigGroup after Flagger (whose chart brings the Canary CRD).
 */
import { installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';
import { parseStackConfig } from '../../stacks/platform/config';
import { buildPlatformStack, PlatformStackOutputs } from '../../stacks/platform/program';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

// The stack files set alert channels without their webhook secrets: the program warns, as it does for a user.
expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

describe('prod stack with its services (mocked)', () => {
  const monitor = installRecordingMonitor({ stack: 'prod' });
  let graph: ResourceGraph;
  let outputs: PlatformStackOutputs;

  beforeAll(async () => {
    const { raw, file } = rawStackConfig('prod');
    outputs = buildPlatformStack(parseStackConfig(raw, { file, secretKeys: [] }));
    graph = await monitor.settle();
  });

  it('deploys podinfo in its namespace after Flagger and the shared Gateway', () => {
    expect(outputs.services).toEqual(['demo/podinfo']);
    const group = graph.one('kubernetes:yaml/v2:ConfigGroup', 'canary-prod-services-demo');
    const objs = group.inputs.objs as Array<{ kind: string; spec?: Record<string, unknown> }>;
    expect(objs.map((o) => o.kind)).toEqual(expect.arrayContaining(['Canary', 'Deployment', 'Service']));
    expect(graph.dependsOn(group, graph.one('kubernetes:helm.sh/v3:Release', 'canary-prod-flagger-flagger'))).toBe(true);
    expect(graph.dependsOn(group, graph.one('kubernetes:networking.istio.io/v1:Gateway', 'canary-prod-istio-public-gateway'))).toBe(true);
    const canary = objs.find((o) => o.kind === 'Canary');
    expect(JSON.stringify(canary)).toContain('istio-ingress/public-gateway');
  });
});
