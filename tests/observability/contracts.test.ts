/**
 * What the observability renderers and the promtool scenarios assume about the platform, checked against the
 * platform's own values: if one side changes, this fails instead of the alerts silently matching nothing.
 */
import { PLATFORM_CONTRACT } from '../../packages/shared';
import { flaggerValues } from '../../packages/platform/flagger/values';
import { argoRolloutsControllerValues, resolveArgoRolloutsControllerSettings } from '../../packages/platform/argo-rollouts-controller';
import { alloyConfig } from '../../packages/platform/observability/loki-values';
import { istioSidecarPodMonitor, kubePrometheusStackValues } from '../../packages/platform/observability/prometheus-values';
import { resolveObservabilitySettings } from '../../packages/platform/observability/args';
import { PLATFORM_OBSERVABILITY_DEFAULTS } from '../../packages/canary-observability';
import { SCRAPE_SECONDS } from './scenarios';

const settings = resolveObservabilitySettings('obs', {
  project: 'acme-prod',
  region: 'europe-west4',
  clusterName: 'canary-prod',
  workloadPool: 'acme-prod.svc.id.goog',
});
const kps = kubePrometheusStackValues(settings) as {
  prometheus: { prometheusSpec: Record<string, unknown> };
  grafana: { sidecar: { dashboards: Record<string, unknown> }; additionalDataSources: { type: string }[] };
};

describe('platform contract of the canary observability', () => {
  it('Flagger is scraped with honorLabels, so flagger_canary_* keep the canary’s namespace label', () => {
    expect(flaggerValues({}, 'http://prometheus:9090')).toMatchObject({ podMonitor: { enabled: true, honorLabels: true } });
  });

  it('the Argo Rollouts controller’s `namespace` label survives the scrape, so rollout_info keeps the Rollout’s namespace', () => {
    const values = argoRolloutsControllerValues(resolveArgoRolloutsControllerSettings('argo', {})) as {
      controller: { metrics: { serviceMonitor: { enabled: boolean; metricRelabelings: object[] } } };
    };
    expect(values.controller.metrics.serviceMonitor).toEqual({
      enabled: true,
      metricRelabelings: [
        { action: 'replace', sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace', replacement: '$1' },
        { action: 'labeldrop', regex: 'exported_namespace' },
      ],
    });
  });

  it('Prometheus selects PrometheusRules without labels (the default ruleLabels are empty)', () => {
    expect(kps.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues).toBe(false);
  });

  it('Grafana’s sidecar loads dashboard ConfigMaps from every namespace, by label, with folders', () => {
    expect(kps.grafana.sidecar.dashboards).toMatchObject({
      enabled: true,
      label: PLATFORM_CONTRACT.grafanaDashboardLabel,
      searchNamespace: 'ALL',
      folderAnnotation: 'grafana_folder',
    });
  });

  it('Grafana has a Loki data source for the logs panel', () => {
    expect(kps.grafana.additionalDataSources.map((d) => d.type)).toContain('loki');
  });

  it('Istio sidecars are scraped at the interval the promtool scenarios use', () => {
    const monitor = istioSidecarPodMonitor() as unknown as { spec: { podMetricsEndpoints: { interval: string }[] } };
    expect(monitor.spec.podMetricsEndpoints[0].interval).toBe(`${SCRAPE_SECONDS}s`);
  });

  it('Alloy labels log streams with namespace and pod, which the dashboard’s Loki selector uses', () => {
    const config = alloyConfig('http://loki.monitoring:3100/loki/api/v1/push');
    expect(config).toContain('target_label  = "namespace"');
    expect(config).toContain('target_label  = "pod"');
  });

  it('the Prometheus self-scrape job is named after the kube-prometheus-stack release', () => {
    expect(PLATFORM_OBSERVABILITY_DEFAULTS.prometheusJob).toBe('kube-prometheus-stack-prometheus');
    expect(PLATFORM_CONTRACT.prometheusUrl).toContain(`${PLATFORM_OBSERVABILITY_DEFAULTS.prometheusJob}.`);
  });
});
