/**
 * Pure values of kube-prometheus-stack for GKE, the Alertmanager configuration, and the Istio monitors.
 */
import { HelmValues } from '../helm';
import { KubeObject, PLATFORM_CONTRACT, sortKeys } from '../../shared';
import { API_VERSIONS } from '../../shared/versions';
import { OBSERVABILITY_DEFAULTS, ResolvedObservabilitySettings } from './args';

/** Keys of the webhook Secret; Alertmanager reads each from `/etc/alertmanager/secrets/<secret>/<key>`. */
export const ALERT_SECRET_KEYS = { slack: 'slack-webhook-url', rocketChat: 'rocketchat-webhook-url' } as const;

/** Where the Prometheus Operator mounts a Secret listed in `alertmanagerSpec.secrets`. */
export function alertSecretPath(key: string): string {
  return `/etc/alertmanager/secrets/${OBSERVABILITY_DEFAULTS.alertSecretName}/${key}`;
}

/** In-cluster Prometheus URL of a kube-prometheus-stack release. */
export function prometheusUrl(release: string, namespace: string): string {
  return `http://${release}-prometheus.${namespace}:9090`;
}

/** In-cluster Loki URL (monolithic mode Service). */
export function lokiUrl(release: string, namespace: string): string {
  return `http://${release}.${namespace}:3100`;
}

/**
 * Alertmanager configuration: `warning` and `critical` alerts go to every configured receiver; the Watchdog and
 * everything else go to `null`. Webhook URLs are read from files (`api_url_file`, `url_file`), never inlined.
 */
export function alertmanagerConfig(receivers: ResolvedObservabilitySettings['receivers']): HelmValues {
  const names: string[] = [];
  const defined: Record<string, unknown>[] = [{ name: 'null' }];
  if (receivers.slack) {
    names.push('slack');
    defined.push({
      name: 'slack',
      slack_configs: [
        {
          api_url_file: alertSecretPath(ALERT_SECRET_KEYS.slack),
          channel: receivers.slack.channel,
          send_resolved: true,
          title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}',
          text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}',
        },
      ],
    });
  }
  if (receivers.rocketChat) {
    names.push('rocketchat');
    defined.push({
      name: 'rocketchat',
      webhook_configs: [{ url_file: alertSecretPath(ALERT_SECRET_KEYS.rocketChat), send_resolved: true }],
    });
  }
  return sortKeys({
    global: { resolve_timeout: '5m' },
    route: {
      receiver: 'null',
      group_by: ['alertname', 'namespace', 'service'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        ...names.map((receiver) => ({ receiver, matchers: ['severity =~ "warning|critical"'], continue: true })),
      ],
    },
    receivers: defined,
    templates: ['/etc/alertmanager/config/*.tmpl'],
  });
}

/** kube-prometheus-stack values for GKE. */
export function kubePrometheusStackValues(s: ResolvedObservabilitySettings): HelmValues {
  const release = OBSERVABILITY_DEFAULTS.releases;
  const ns = OBSERVABILITY_DEFAULTS.namespace;
  const hasReceivers = s.receivers.slack !== undefined || s.receivers.rocketChat !== undefined;
  return sortKeys({
    crds: { enabled: true },
    // GKE runs the control plane: its controller-manager, scheduler, etcd and kube-proxy are not scrapable.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    // GKE uses kube-dns, not CoreDNS.
    coreDns: { enabled: false },
    kubeDns: { enabled: true },
    prometheus: {
      prometheusSpec: {
        // Select every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in every namespace,
        // not only those labelled with this release.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        replicas: s.prometheus.replicas,
        retention: `${s.prometheus.retentionDays}d`,
        retentionSize: `${Math.floor(s.prometheus.storageGi * 0.85)}GB`,
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '8Gi' } },
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: 'standard-rwo',
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${s.prometheus.storageGi}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        replicas: 2,
        secrets: hasReceivers ? [OBSERVABILITY_DEFAULTS.alertSecretName] : [],
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      },
      config: alertmanagerConfig(s.receivers),
      // The chart keeps Alertmanager's configuration in a Secret it renders; it holds no secret (webhook URLs are
      // read from the files of the alertmanager-webhooks Secret), so the rule is waived on that Secret only.
      secret: {
        annotations: {
          'policy.canary-platform.dev/waive-secret-no-plaintext':
            "the chart stores Alertmanager's configuration in this Secret; webhook URLs are read from files of the alertmanager-webhooks Secret, never written here",
        },
      },
    },
    grafana: {
      ...(s.grafanaAdminFromSecret
        ? { admin: { existingSecret: OBSERVABILITY_DEFAULTS.grafanaAdminSecretName, userKey: 'admin-user', passwordKey: 'admin-password' } }
        : {}),
      defaultDashboardsTimezone: 'utc',
      // No Helm test Pod (it runs as root, without resources), and no root init container chowning the volume: the
      // pod's fsGroup (472, the chart's securityContext) already makes the volume writable for Grafana.
      testFramework: { enabled: false },
      initChownData: { enabled: false },
      // Recreate, not RollingUpdate: the new pod cannot attach the ReadWriteOnce volume while the old one holds it
      // on another node (Multi-Attach), so a rolling update on a node change never finishes and, with
      // `atomic: true`, rolls the whole kube-prometheus-stack release back.
      deploymentStrategy: { type: 'Recreate' },
      persistence: { enabled: true, type: 'pvc', size: '10Gi', storageClassName: 'standard-rwo' },
      // The chart sets no requests or limits (for Grafana nor its dashboard/datasource sidecars).
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      'grafana.ini': {
        analytics: { check_for_updates: false, reporting_enabled: false },
        users: { allow_sign_up: false },
        'auth.anonymous': { enabled: false },
      },
      sidecar: {
        dashboards: {
          enabled: true,
          // Any value of the label is accepted, so teams can label ConfigMaps `grafana_dashboard: "1"` or "true".
          label: PLATFORM_CONTRACT.grafanaDashboardLabel,
          labelValue: '',
          searchNamespace: 'ALL',
          folderAnnotation: 'grafana_folder',
          provider: { foldersFromFilesStructure: true, allowUiUpdates: false },
        },
        datasources: { enabled: true, defaultDatasourceEnabled: true, isDefaultDatasource: true, uid: 'prometheus' },
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        // The chart's context (no escalation, no capabilities) with a read-only root: the sidecars write only to
        // their emptyDir folders (Loki's chart runs the same k8s-sidecar image read-only).
        securityContext: { readOnlyRootFilesystem: true },
      },
      additionalDataSources: [
        {
          name: 'Loki',
          type: 'loki',
          uid: 'loki',
          access: 'proxy',
          url: lokiUrl(release.loki, ns),
          jsonData: { maxLines: 1000 },
        },
      ],
    },
    prometheusOperator: {
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      // The Jobs that create and patch the admission webhook's certificate (they set none).
      admissionWebhooks: { patch: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } } } },
    },
    // Subcharts without requests or limits of their own (kube-state-metrics' memory grows with the cluster's objects).
    'kube-state-metrics': { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
    'prometheus-node-exporter': {
      resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      // The chart's read-only root, completed: node-exporter runs as nobody and needs no capability.
      containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
  });
}

/** PodMonitor scraping every Istio sidecar's merged Envoy and application metrics (`/stats/prometheus`). */
export function istioSidecarPodMonitor(): KubeObject {
  return sortKeys({
    apiVersion: API_VERSIONS.monitoring,
    kind: 'PodMonitor',
    metadata: { name: 'envoy-stats', namespace: OBSERVABILITY_DEFAULTS.namespace, labels: { monitoring: 'istio-proxies' } },
    spec: {
      selector: { matchExpressions: [{ key: 'istio-prometheus-ignore', operator: 'DoesNotExist' }] },
      namespaceSelector: { any: true },
      jobLabel: 'envoy-stats',
      podMetricsEndpoints: [
        {
          path: '/stats/prometheus',
          interval: '15s',
          relabelings: [
            { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy' },
            { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape'] },
            {
              action: 'replace',
              sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
              regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
              replacement: '[$2]:$1',
              targetLabel: '__address__',
            },
            {
              action: 'replace',
              sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
              regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
              replacement: '$2:$1',
              targetLabel: '__address__',
            },
            { action: 'labeldrop', regex: '__meta_kubernetes_pod_label_(.+)' },
            { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
            { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
          ],
        },
      ],
    },
  });
}

/** ServiceMonitor scraping istiod's control-plane metrics (port `http-monitoring`, 15014). */
export function istiodServiceMonitor(): KubeObject {
  return sortKeys({
    apiVersion: API_VERSIONS.monitoring,
    kind: 'ServiceMonitor',
    metadata: { name: 'istiod', namespace: OBSERVABILITY_DEFAULTS.namespace, labels: { monitoring: 'istio-control-plane' } },
    spec: {
      jobLabel: 'istio',
      targetLabels: ['app'],
      selector: { matchExpressions: [{ key: 'istio', operator: 'In', values: ['pilot'] }] },
      namespaceSelector: { matchNames: [PLATFORM_CONTRACT.istioNamespace] },
      endpoints: [{ port: 'http-monitoring', interval: '15s' }],
    },
  });
}
