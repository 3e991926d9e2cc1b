import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { installRecordingMonitor, plainOccurrences } from '../../support/recording-monitor';
import { NOTIFICATION_TRIGGERS } from '../../../packages/canary/engines/argo-rollouts/notifications';
import { formatProblem, isValidationError } from '../../../packages/shared';
import { CHARTS } from '../../../packages/shared/versions';
import {
  ArgoRolloutsController,
  argoRolloutsControllerValues,
  resolveArgoRolloutsControllerSettings,
  validateArgoRolloutsControllerSettings,
} from '../../../packages/platform/argo-rollouts-controller/index';

const monitor = installRecordingMonitor();

/** An upstream component with one child, as the platform's components are (dependencies resolve to children). */
class Stub extends pulumi.ComponentResource {
  readonly child: k8s.core.v1.ConfigMap;
  constructor(type: string, name: string, provider: k8s.Provider) {
    super(`test:${type}`, name, {}, {});
    this.child = new k8s.core.v1.ConfigMap(`${name}-child`, { data: {} }, { parent: this, provider });
    this.registerOutputs({});
  }
}

describe('argoRolloutsControllerValues', () => {
  it('renders the default values (snapshot)', () => {
    expect(argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {}))).toMatchSnapshot();
  });

  it('keeps CRDs on uninstall, runs two replicas with a PDB and no dashboard', () => {
    const values = argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {})) as any;
    expect(values.installCRDs).toBe(true);
    expect(values.keepCRDs).toBe(true);
    expect(values.controller.replicas).toBe(2);
    expect(values.controller.pdb).toEqual({ enabled: true, minAvailable: 1 });
    expect(values.dashboard.enabled).toBe(false);
  });

  it('grants RBAC for the Istio traffic router only', () => {
    const values = argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {})) as any;
    const granted = Object.entries(values.providerRBAC.providers).filter(([, on]) => on).map(([p]) => p);
    expect(granted).toEqual(['istio']);
  });

  it('defines a trigger and a template for every trigger Rollouts can subscribe to', () => {
    const values = argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {})) as any;
    for (const trigger of NOTIFICATION_TRIGGERS) {
      const template = trigger.name.replace(/^on-/, '');
      expect(values.notifications.triggers[`trigger.${trigger.name}`]).toBe(`- send: [${template}]\n`);
      expect(parse(values.notifications.templates[`template.${template}`])).toEqual({ message: trigger.message });
    }
  });

  it('configures the Slack service only when a token is given, reading it from the Secret by reference', () => {
    const without = argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {})) as any;
    expect(without.notifications.notifiers).toEqual({});
    const withSlack = argoRolloutsControllerValues(
      resolveArgoRolloutsControllerSettings('argo', { slack: { token: 'xoxb-never-in-values' } }),
    ) as any;
    expect(withSlack.notifications.notifiers).toEqual({ 'service.slack': 'token: $slack-token\n' });
    expect(JSON.stringify(withSlack)).not.toContain('xoxb-never-in-values');
    expect(withSlack.notifications.secret).toEqual({ create: false });
  });

  it('renders every setting it is given (replicas, resources, serviceMonitor)', () => {
    const values = argoRolloutsControllerValues(
      resolveArgoRolloutsControllerSettings('argo', {
        replicas: 3,
        resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '2Gi' },
        serviceMonitor: false,
      }),
    ) as any;
    expect(values.controller.replicas).toBe(3);
    expect(values.controller.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } });
    expect(values.controller.metrics.serviceMonitor.enabled).toBe(false);
  });

  it('merges the values escape hatch last, deeply', () => {
    const values = argoRolloutsControllerValues(
      resolveArgoRolloutsControllerSettings('argo', { values: { controller: { logging: { level: 'debug' }, replicas: 4 } } }),
    ) as any;
    expect(values.controller.logging).toEqual({ level: 'debug' });
    expect(values.controller.replicas).toBe(4);
    expect(values.controller.pdb.enabled).toBe(true);
  });
});

describe('validateArgoRolloutsControllerSettings', () => {
  const messages = (settings: Parameters<typeof validateArgoRolloutsControllerSettings>[1], monitoring = true): string[] =>
    validateArgoRolloutsControllerSettings('argo', settings, { monitoring }).map(formatProblem);

  it('accepts the defaults', () => {
    expect(messages({})).toEqual([]);
  });
  it('rejects a namespace that is not a DNS label', () => {
    expect(messages({ namespace: 'Argo_Rollouts' })).toEqual([
      "argo: namespace (Argo_Rollouts) must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters",
    ]);
  });
  it('rejects replicas outside 1-5', () => {
    expect(messages({ replicas: 0 })).toEqual(['argo: replicas (0) must be a whole number 1-5 (one leader, the rest stand by)']);
  });
  it('rejects a resource that is not a quantity', () => {
    expect(messages({ resources: { cpuRequest: '1 core', memoryRequest: '256Mi', memoryLimit: '1Gi' } })).toEqual([
      'argo: resources.cpuRequest (1 core) must be a Kubernetes quantity such as 100m, 256Mi or 1Gi',
    ]);
  });
  it('rejects Slack without a token', () => {
    expect(messages({ slack: { token: '' } })).toEqual([
      'argo: slack.token is required when slack is set (the Slack bot token, as a Pulumi secret)',
    ]);
  });
  it('requires the monitoring stack for the ServiceMonitor', () => {
    expect(messages({}, false)).toEqual([
      'argo: monitoring is required when serviceMonitor is true (its CRD comes from the monitoring stack); pass it or set serviceMonitor: false',
    ]);
    expect(messages({ serviceMonitor: false }, false)).toEqual([]);
  });
  it('throws one ValidationError listing every problem', () => {
    let caught: unknown;
    try {
      resolveArgoRolloutsControllerSettings('argo', { namespace: 'X', replicas: 9 });
    } catch (err) {
      caught = err;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        'ArgoRolloutsController argo: invalid arguments',
        "  - argo: namespace (X) must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters",
        '  - argo: replicas (9) must be a whole number 1-5 (one leader, the rest stand by)',
      ].join('\n'),
    );
  });
});

describe('ArgoRolloutsController (mocked Pulumi)', () => {
  it('installs the pinned chart after Istio and monitoring, with the explicit provider, and keeps the Slack token secret', async () => {
    const provider = new k8s.Provider('cluster', { kubeconfig: 'mock' });
    const istio = new Stub('Istio', 'istio', provider);
    const monitoring = new Stub('Observability', 'observability', provider);
    new ArgoRolloutsController('argo', { provider, istio, monitoring, slack: { token: pulumi.secret('xoxb-secret-token') } });
    const graph = await monitor.settle();

    const component = graph.one('canary-platform:argo-rollouts:ArgoRolloutsController', 'argo');
    const release = graph.one('kubernetes:helm.sh/v3:Release', 'argo-release');
    const namespace = graph.one('kubernetes:core/v1:Namespace', 'argo-namespace');
    const secret = graph.one('kubernetes:core/v1:Secret', 'argo-notification-secret');
    const providerResource = graph.one('pulumi:providers:kubernetes', 'cluster');

    for (const child of [release, namespace, secret]) {
      expect(graph.parentOf(child)?.urn).toBe(component.urn);
      expect(graph.providerOf(child)?.urn).toBe(providerResource.urn);
    }
    expect(release.inputs.chart).toBe('argo-rollouts');
    expect(release.inputs.version).toBe(CHARTS.argoRollouts.version);
    expect(release.inputs.repositoryOpts).toEqual({ repo: 'https://argoproj.github.io/argo-helm' });
    expect(release.inputs.namespace).toBe('argo-rollouts');
    expect(graph.dependsOn(release, graph.one('kubernetes:core/v1:ConfigMap', 'istio-child'))).toBe(true);
    expect(graph.dependsOn(release, graph.one('kubernetes:core/v1:ConfigMap', 'observability-child'))).toBe(true);
    expect(graph.dependsOn(release, secret)).toBe(true);
    expect((secret.inputs.metadata as any).name).toBe('argo-rollouts-notification-secret');

    for (const resource of graph.resources) {
      expect(plainOccurrences(resource.inputs, 'xoxb-secret-token')).toEqual([]);
    }
  });
});
