/**
 * `Observability`: kube-prometheus-stack (Prometheus, Alertmanager, Grafana), Loki on GCS through Workload
 * Identity, Grafana Alloy, and Prometheus monitors for Istio. Values come from the pure builders beside it.
 */
import type * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { renderPlatformObservability } from '../../canary-observability/render';
import { customResource, mergeValues, releaseArgs } from '../helm';
import { CHARTS } from '../../shared/versions';
import { OBSERVABILITY_DEFAULTS, ObservabilityArgs, resolveObservabilitySettings, ResolvedObservabilitySettings } from './args';
import { lokiStorage } from './loki-storage';
import { alloyValues, lokiValues } from './loki-values';
import {
  ALERT_SECRET_KEYS,
  istiodServiceMonitor,
  istioSidecarPodMonitor,
  kubePrometheusStackValues,
  lokiUrl,
  prometheusUrl,
} from './prometheus-values';

/** The Prometheus a downstream component queries, and the resource that must exist before it does. */
export interface PrometheusEndpoint {
  /** In-cluster URL, for example `http://kube-prometheus-stack-prometheus.monitoring:9090`. */
  readonly url: string;
  /** The release that runs Prometheus (depend on it). */
  readonly release: pulumi.Resource;
}

/** Metrics, logs, dashboards and alerting for the platform. Type token `canary-platform:observability:Observability`. */
export class Observability extends pulumi.ComponentResource {
  /** Settings with every default applied. */
  readonly settings: ResolvedObservabilitySettings;
  /** kube-prometheus-stack (brings the monitoring.coreos.com CRDs). */
  readonly kubePrometheusStack: k8s.helm.v3.Release;
  /** Loki. */
  readonly loki: k8s.helm.v3.Release;
  /** Grafana Alloy. */
  readonly alloy: k8s.helm.v3.Release;
  /** The Loki bucket (protected unless `loki.protect: false`). */
  readonly lokiBucket: gcp.storage.Bucket;
  /** The GCP service account Loki runs as. */
  readonly lokiServiceAccount: gcp.serviceaccount.Account;
  /** Platform alert rules and the overview dashboard (packages/canary-observability). */
  readonly platformRules: k8s.yaml.v2.ConfigGroup;
  /** Prometheus for downstream components (Flagger). */
  readonly prometheus: PrometheusEndpoint;
  /** In-cluster Loki URL. */
  readonly lokiUrl: string;
  /** Namespace of everything here. */
  readonly namespace: string;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:observability:Observability', name, {}, opts);
    const s = resolveObservabilitySettings(name, args);
    this.settings = s;
    const provider = args.provider;
    const overrides = args.valuesOverrides ?? {};
    const ns = OBSERVABILITY_DEFAULTS.namespace;
    const releases = OBSERVABILITY_DEFAULTS.releases;
    this.namespace = ns;

    const namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: ns, labels: { 'app.kubernetes.io/managed-by': 'canary-platform' } } },
      { parent: this, provider, dependsOn: [...(args.dependsOn ?? [])] },
    );

    // Secrets first: referenced by name from the chart values, so no secret value ever reaches Helm.
    const kpsPrerequisites: pulumi.Resource[] = [namespace];
    const slack = args.alerts?.slack;
    const rocketChat = args.alerts?.rocketChat;
    if (slack || rocketChat) {
      const stringData: Record<string, pulumi.Output<string>> = {};
      if (slack) stringData[ALERT_SECRET_KEYS.slack] = pulumi.secret(slack.webhookUrl);
      if (rocketChat) stringData[ALERT_SECRET_KEYS.rocketChat] = pulumi.secret(rocketChat.webhookUrl);
      kpsPrerequisites.push(
        new k8s.core.v1.Secret(
          `${name}-alert-webhooks`,
          { metadata: { name: OBSERVABILITY_DEFAULTS.alertSecretName, namespace: ns }, type: 'Opaque', stringData },
          { parent: this, provider, dependsOn: [namespace] },
        ),
      );
    }
    if (args.grafanaAdminPassword !== undefined) {
      kpsPrerequisites.push(
        new k8s.core.v1.Secret(
          `${name}-grafana-admin`,
          {
            metadata: { name: OBSERVABILITY_DEFAULTS.grafanaAdminSecretName, namespace: ns },
            type: 'Opaque',
            stringData: { 'admin-user': 'admin', 'admin-password': pulumi.secret(args.grafanaAdminPassword) },
          },
          { parent: this, provider, dependsOn: [namespace] },
        ),
      );
    }

    this.kubePrometheusStack = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      releaseArgs(CHARTS.kubePrometheusStack, {
        name: releases.kubePrometheusStack,
        namespace: ns,
        values: mergeValues(kubePrometheusStackValues(s), overrides.kubePrometheusStack),
      }),
      { parent: this, provider, dependsOn: kpsPrerequisites },
    );

    // Loki: bucket and identity in GCP, then the chart.
    const storage = lokiStorage(name, s, this);
    this.lokiBucket = storage.bucket;
    this.lokiServiceAccount = storage.serviceAccount;
    const { bucketAccess, workloadIdentity } = storage;
    this.loki = new k8s.helm.v3.Release(
      `${name}-loki`,
      {
        ...releaseArgs(CHARTS.loki, { name: releases.loki, namespace: ns, values: {} }),
        // The ServiceAccount annotation needs the GCP service account's email, known once it exists.
        values: this.lokiServiceAccount.email.apply((email) => mergeValues(lokiValues(s, email), overrides.loki)),
      },
      { parent: this, provider, dependsOn: [namespace, bucketAccess, workloadIdentity, this.kubePrometheusStack] },
    );
    this.alloy = new k8s.helm.v3.Release(
      `${name}-alloy`,
      releaseArgs(CHARTS.alloy, { name: releases.alloy, namespace: ns, values: mergeValues(alloyValues(), overrides.alloy) }),
      { parent: this, provider, dependsOn: [this.loki, this.kubePrometheusStack] },
    );

    // Monitors for Istio: custom resources after the chart that brings their CRDs.
    customResource(`${name}-envoy-stats`, istioSidecarPodMonitor(), {
      parent: this,
      provider,
      dependsOn: [this.kubePrometheusStack],
    });
    customResource(`${name}-istiod-monitor`, istiodServiceMonitor(), {
      parent: this,
      provider,
      dependsOn: [this.kubePrometheusStack],
    });

    // Platform alerts (Flagger, istiod, Prometheus down; canary failed) and the overview dashboard, after the
    // chart that brings the PrometheusRule CRD and Grafana's dashboard sidecar.
    this.platformRules = new k8s.yaml.v2.ConfigGroup(
      `${name}-platform-rules`,
      { objs: renderPlatformObservability({ namespace: ns }) as unknown as Record<string, unknown>[] },
      { parent: this, provider, dependsOn: [this.kubePrometheusStack] },
    );

    this.prometheus = { url: prometheusUrl(releases.kubePrometheusStack, ns), release: this.kubePrometheusStack };
    this.lokiUrl = lokiUrl(releases.loki, ns);
    this.registerOutputs({
      prometheusUrl: this.prometheus.url,
      lokiUrl: this.lokiUrl,
      lokiBucket: this.lokiBucket.name,
      namespace: ns,
    });
  }
}
