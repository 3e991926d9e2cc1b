/**
 * The optional Argo Rollouts add-on in the platform program: chosen in the stack config
 * (`canary-platform:addons: { argoRollouts: true }`), installed by ArgoRolloutsController under the Platform,
 * after Istio and the monitoring stack, with the cluster's provider and the pinned chart.
 */
import { parseStackConfig } from '../../stacks/platform/config';
import { buildPlatformStack } from '../../stacks/platform/program';
import { CHARTS } from '../../packages/shared/versions';
import { NOTIFICATION_TRIGGERS } from '../../packages/canary/engines/argo-rollouts';
import { installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

// The stack files set alert channels without their webhook secrets: the program warns, as it does for a user.
expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

const RELEASE = 'kubernetes:helm.sh/v3:Release';

function buildGraph(addons: Record<string, unknown> | undefined): () => Promise<ResourceGraph> {
  return async () => {
    const monitor = installRecordingMonitor({ stack: 'prod' });
    const { raw, file } = rawStackConfig('prod');
    delete raw['canary-platform:services'];
    if (addons === undefined) delete raw['canary-platform:addons'];
    else raw['canary-platform:addons'] = JSON.stringify(addons);
    buildPlatformStack(parseStackConfig(raw, { file, secretKeys: [] }));
    return monitor.settle();
  };
}

describe('Argo Rollouts add-on enabled in the stack config', () => {
  let graph: ResourceGraph;
  beforeAll(async () => {
    graph = await buildGraph({ argoRollouts: true })();
  });

  it('installs ArgoRolloutsController under the Platform', () => {
    const platform = graph.one('canary-platform:platform:Platform', 'canary-prod');
    const addon = graph.one('canary-platform:argo-rollouts:ArgoRolloutsController', 'canary-prod-argo-rollouts');
    expect(graph.parentOf(addon)).toBe(platform);
    expect(graph.parentOf(graph.one(RELEASE, 'canary-prod-argo-rollouts-release'))).toBe(addon);
  });

  it('pins the argo-rollouts chart from versions.ts into the argo-rollouts namespace', () => {
    const release = graph.one(RELEASE, 'canary-prod-argo-rollouts-release');
    expect(release.inputs).toMatchObject({
      chart: 'argo-rollouts',
      version: CHARTS.argoRollouts.version,
      repositoryOpts: { repo: CHARTS.argoRollouts.repo },
      namespace: 'argo-rollouts',
    });
  });

  it('comes after Istio and the monitoring stack, with the cluster provider', () => {
    const release = graph.one(RELEASE, 'canary-prod-argo-rollouts-release');
    expect(graph.dependsOn(release, graph.one(RELEASE, 'canary-prod-istio-istiod'))).toBe(true);
    expect(graph.dependsOn(release, graph.one(RELEASE, 'canary-prod-observability-kube-prometheus-stack'))).toBe(true);
    expect(graph.providerOf(release)?.name).toBe('canary-prod-gke-k8s');
    expect(graph.providerOf(graph.one('kubernetes:core/v1:Namespace', 'canary-prod-argo-rollouts-namespace'))?.name).toBe('canary-prod-gke-k8s');
  });

  it('configures the notification triggers Rollouts subscribe to', () => {
    const values = graph.one(RELEASE, 'canary-prod-argo-rollouts-release').inputs.values as any;
    expect(Object.keys(values.notifications.triggers).sort()).toEqual(NOTIFICATION_TRIGGERS.map((t) => `trigger.${t.name}`).sort());
  });
});

describe('Argo Rollouts add-on not chosen', () => {
  it('installs nothing of Argo Rollouts', async () => {
    const graph = await buildGraph(undefined)();
    expect(graph.ofType('canary-platform:argo-rollouts:ArgoRolloutsController')).toEqual([]);
    expect(graph.ofType(RELEASE).map((r) => r.inputs.chart)).not.toContain('argo-rollouts');
  });
});

describe('Argo Rollouts Slack notifications from the stack config', () => {
  const TOKEN = 'xoxb-0000-offline-test-token';

  it('hands canary-platform:argoRolloutsSlackToken to the controller as a secret, never in plain inputs', async () => {
    const monitor = installRecordingMonitor({ stack: 'prod' });
    const { raw, file } = rawStackConfig('prod');
    delete raw['canary-platform:services'];
    raw['canary-platform:addons'] = JSON.stringify({ argoRollouts: true });
    raw['canary-platform:argoRolloutsSlackToken'] = TOKEN;
    buildPlatformStack(parseStackConfig(raw, { file, secretKeys: ['canary-platform:argoRolloutsSlackToken'] }));
    const graph = await monitor.settle();
    const secrets = graph.ofType('kubernetes:core/v1:Secret').filter((s) => graph.parentOf(s)?.type === 'canary-platform:argo-rollouts:ArgoRolloutsController');
    expect(secrets).toHaveLength(1);
    expect(JSON.stringify(graph.ofType(RELEASE).map((r) => r.inputs))).not.toContain(TOKEN);
    // The Secret's data is a Pulumi secret (the recording monitor shows secrets as { secret: true, value }).
    expect(secrets[0].inputs.stringData).toEqual({ secret: true, value: { 'slack-token': TOKEN } });
  });
});
