import { ObservabilitySettings, resolveObservabilitySettings, validateObservabilitySettings } from '../../../packages/platform/observability/args';
import { alloyConfig, alloyValues, lokiBucketSettings, lokiValues } from '../../../packages/platform/observability/loki-values';
import { alertmanagerConfig, istiodServiceMonitor, istioSidecarPodMonitor, kubePrometheusStackValues } from '../../../packages/platform/observability/prometheus-values';

const BASE: ObservabilitySettings = {
  project: 'acme-prod',
  region: 'europe-west4',
  clusterName: 'canary-prod',
  workloadPool: 'acme-prod.svc.id.goog',
};
const URL = 'https://hooks.slack.com/services/T/B/SECRET';
const WITH_ALERTS = resolveObservabilitySettings('obs', {
  ...BASE,
  alerts: { slack: { channel: '#alerts', webhookUrl: URL }, rocketChat: { channel: '#ops', webhookUrl: 'https://chat/hook' } },
  grafanaAdminPassword: 'a-long-password',
});

describe('kube-prometheus-stack values', () => {
  const values = kubePrometheusStackValues(resolveObservabilitySettings('obs', BASE));

  it('renders the defaults (snapshot)', () => expect(values).toMatchSnapshot());

  it('selects every ServiceMonitor, PodMonitor and PrometheusRule', () => {
    expect(values).toMatchObject({
      prometheus: {
        prometheusSpec: {
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
        },
      },
    });
  });

  it('gives Grafana, its sidecars, kube-state-metrics and node-exporter requests and memory limits (the charts set none)', () => {
    const limited = { requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } };
    expect(values).toMatchObject({
      grafana: { resources: limited, sidecar: { resources: limited } },
      'kube-state-metrics': { resources: limited },
      'prometheus-node-exporter': { resources: limited },
    });
  });

  it('renders no Grafana test pod and no root init container (the pod fsGroup makes the volume writable)', () => {
    expect(values).toMatchObject({ grafana: { testFramework: { enabled: false }, initChownData: { enabled: false } } });
  });

  it("hardens the chart containers it can: read-only Grafana sidecars, node-exporter without capabilities, webhook Jobs' resources", () => {
    expect(values).toMatchObject({
      grafana: { sidecar: { securityContext: { readOnlyRootFilesystem: true } } },
      'prometheus-node-exporter': { containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      prometheusOperator: { admissionWebhooks: { patch: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } } } } },
    });
  });

  it('waives secret-no-plaintext on the Alertmanager configuration Secret only, with its reason', () => {
    expect(values).toMatchObject({ alertmanager: { secret: { annotations: { 'policy.canary-platform.dev/waive-secret-no-plaintext': expect.stringContaining('webhook URLs are read from files') } } } });
    expect(JSON.stringify({ ...values, alertmanager: undefined })).not.toContain('policy.canary-platform.dev/waive');
  });

  it('disables monitors for control-plane parts GKE hides', () => {
    expect(values).toMatchObject({
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeProxy: { enabled: false },
    });
  });

  it('provisions Prometheus and Loki datasources and dashboards from labelled ConfigMaps', () => {
    expect(values).toMatchObject({
      grafana: {
        sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', searchNamespace: 'ALL' }, datasources: { enabled: true } },
        additionalDataSources: [{ name: 'Loki', type: 'loki', url: 'http://loki.monitoring:3100' }],
      },
    });
  });

  it('uses the Grafana admin Secret only when a password is given', () => {
    expect((values.grafana as Record<string, unknown>).admin).toBeUndefined();
    expect(kubePrometheusStackValues(WITH_ALERTS)).toMatchObject({ grafana: { admin: { existingSecret: 'grafana-admin' } } });
  });

  it('mounts the webhook Secret and reads URLs from files, never inline', () => {
    const full = kubePrometheusStackValues(WITH_ALERTS);
    expect(full).toMatchObject({ alertmanager: { alertmanagerSpec: { secrets: ['alertmanager-webhooks'] } } });
    expect(JSON.stringify(full)).not.toContain('https://');
    expect(alertmanagerConfig(WITH_ALERTS.receivers)).toMatchSnapshot();
  });

  it('routes nothing but the Watchdog when no receiver is configured', () => {
    expect(alertmanagerConfig({})).toMatchObject({
      receivers: [{ name: 'null' }],
      route: { receiver: 'null', routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }] },
    });
  });
});

describe('Grafana', () => {
  it('is replaced with Recreate: its ReadWriteOnce volume cannot attach to two nodes during a rolling update', () => {
    const values = kubePrometheusStackValues(resolveObservabilitySettings('obs', BASE)) as { grafana: { deploymentStrategy: unknown; persistence: { enabled: boolean } } };
    expect(values.grafana.deploymentStrategy).toEqual({ type: 'Recreate' });
    expect(values.grafana.persistence.enabled).toBe(true);
  });
});

describe('Istio monitors', () => {
  it('scrape sidecars in every namespace and istiod', () => {
    expect(istioSidecarPodMonitor()).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      spec: { namespaceSelector: { any: true }, podMetricsEndpoints: [{ path: '/stats/prometheus' }] },
    });
    expect(istiodServiceMonitor()).toMatchObject({
      kind: 'ServiceMonitor',
      spec: { namespaceSelector: { matchNames: ['istio-system'] }, endpoints: [{ port: 'http-monitoring' }] },
    });
  });
});

describe('Loki', () => {
  const s = resolveObservabilitySettings('obs', { ...BASE, loki: { retentionDays: 14, replicas: 3 } });

  it('stores to a versioned, private, lifecycle-managed bucket', () => {
    expect(lokiBucketSettings(s)).toMatchObject({
      name: 'acme-prod-canary-prod-loki',
      location: 'EUROPE-WEST4',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      forceDestroy: false,
      lifecycleRules: [{ condition: { age: 21 } }, { condition: { daysSinceNoncurrentTime: 7 } }],
    });
  });

  it('uses GCS through Workload Identity with compactor retention (snapshot)', () => {
    const values = lokiValues(s, 'loki@acme-prod.iam.gserviceaccount.com');
    expect(values).toMatchObject({
      loki: { storage: { type: 'gcs' }, limits_config: { retention_period: '336h' }, compactor: { retention_enabled: true } },
      serviceAccount: { name: 'loki', annotations: { 'iam.gke.io/gcp-service-account': 'loki@acme-prod.iam.gserviceaccount.com' } },
      singleBinary: { replicas: 3 },
    });
    expect(values).toMatchSnapshot();
  });

  it('replicates every write to 3 replicas (quorum 2: one pod may restart) by default; a single replica keeps 1', () => {
    expect(lokiValues(resolveObservabilitySettings('obs', BASE), 'sa')).toMatchObject({ loki: { commonConfig: { replication_factor: 3 } }, singleBinary: { replicas: 3 } });
    expect(lokiValues(resolveObservabilitySettings('obs', { ...BASE, loki: { replicas: 1 } }), 'sa')).toMatchObject({ loki: { commonConfig: { replication_factor: 1 } }, singleBinary: { replicas: 1 } });
    expect(lokiValues(resolveObservabilitySettings('obs', { ...BASE, loki: { replicas: 5 } }), 'sa')).toMatchObject({ loki: { commonConfig: { replication_factor: 3 } } });
  });

  it('lets a drain evict one Loki pod at a time (the write quorum of 2 survives); a single replica gets no budget', () => {
    type Loki = { singleBinary: { podDisruptionBudget?: unknown } };
    expect((lokiValues(resolveObservabilitySettings('obs', BASE), 'sa') as Loki).singleBinary.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect((lokiValues(resolveObservabilitySettings('obs', { ...BASE, loki: { replicas: 1 } }), 'sa') as Loki).singleBinary.podDisruptionBudget).toBeUndefined();
  });

  it('sets only bucket names loki 18.5.4 reads (chunks, ruler; no dead "admin")', () => {
    expect(Object.keys((lokiValues(s, 'sa').loki as { storage: { bucketNames: object } }).storage.bucketNames)).toEqual(['chunks', 'ruler']);
  });

  it("gives Loki's memcached exporters and rules sidecar requests and memory limits (the chart sets none)", () => {
    const limited = { requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } };
    expect(lokiValues(s, 'sa')).toMatchObject({ memcachedExporter: { resources: limited }, sidecar: { resources: limited } });
  });

  it("runs Alloy's config reloader non-root, read-only and without capabilities, and Alloy without privilege escalation", () => {
    expect(alloyValues()).toMatchObject({
      configReloader: {
        resources: { requests: { cpu: '10m', memory: '50Mi' }, limits: { memory: '128Mi' } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
      alloy: { securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } } },
    });
  });

  it('ships pod logs with Alloy to Loki', () => {
    expect(alloyValues()).toMatchObject({ controller: { type: 'daemonset' }, alloy: { mounts: { varlog: true } } });
    expect(alloyConfig('http://loki.monitoring:3100/loki/api/v1/push')).toMatchSnapshot();
  });
});

describe('validateObservabilitySettings', () => {
  it('reports every problem with its path', () => {
    expect(
      validateObservabilitySettings('obs', {
        ...BASE,
        prometheus: { replicas: 0, storageGi: 5 },
        loki: { bucketName: 'Bad Bucket', retentionDays: 0 },
      }).map((p) => `${p.path} ${p.message}`),
    ).toEqual([
      'prometheus.replicas (0) must be an integer >= 1',
      'prometheus.storageGi (5) must be an integer >= 10',
      'loki.retentionDays (0) must be an integer >= 1',
      "loki.bucketName (Bad Bucket) must be 3-63 lowercase letters, digits, '-' or '_'",
    ]);
  });

  it('refuses 2 Loki replicas: replication factor 2 stops writes whenever one pod restarts', () => {
    expect(validateObservabilitySettings('obs', { ...BASE, loki: { replicas: 2 } }).map((p) => `${p.path} ${p.message}`)).toEqual([
      'loki.replicas (2) cannot keep accepting writes while a pod restarts (replication factor 2 needs both for a quorum); use 1 (no redundancy) or 3 (replication factor 3, quorum 2)',
    ]);
  });
});
