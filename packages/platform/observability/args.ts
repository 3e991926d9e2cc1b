/**
 * Arguments of {@link Observability}: types, defaults and validation. Pure.
 */
import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { HelmValues } from '../helm';
import { objectProblems, PLATFORM_CONTRACT, Problem, ValidationError } from '../../shared';

/** A Slack incoming webhook receiver. */
export interface SlackChannel {
  /** Channel the alerts go to, for example `#platform-alerts`. */
  readonly channel: string;
  /** Incoming webhook URL; pass a Pulumi secret. It is stored in a Kubernetes Secret, never in Helm values. */
  readonly webhookUrl: pulumi.Input<string>;
}

/** A Rocket.Chat incoming webhook (with the Alertmanager integration script) receiver. */
export interface RocketChatChannel {
  /** Channel named in the integration, for reference in messages, for example `#alerts`. */
  readonly channel: string;
  /** Incoming webhook URL; pass a Pulumi secret. It is stored in a Kubernetes Secret, never in Helm values. */
  readonly webhookUrl: pulumi.Input<string>;
}

/** Where Alertmanager sends `warning` and `critical` alerts. */
export interface AlertChannels {
  /** Slack receiver. @default - no Slack receiver */
  readonly slack?: SlackChannel;
  /** Rocket.Chat receiver. @default - no Rocket.Chat receiver */
  readonly rocketChat?: RocketChatChannel;
}

/** Prometheus sizing. */
export interface PrometheusSettings {
  /** Prometheus replicas (each scrapes everything). @default 2 */
  readonly replicas?: number;
  /** Days of metrics kept. @default 15 */
  readonly retentionDays?: number;
  /** Persistent volume size per replica in GiB. @default 100 */
  readonly storageGi?: number;
}

/** Loki sizing and log retention. */
export interface LokiSettings {
  /** GCS bucket name (globally unique). @default - `<project>-<clusterName>-loki` */
  readonly bucketName?: string;
  /** Days logs are kept (Loki compactor retention; the bucket deletes objects a week later). @default 30 */
  readonly retentionDays?: number;
  /**
   * Loki replicas (monolithic mode, object storage): 1 (no redundancy) or 3 or more (replication factor 3, write
   * quorum 2, so one pod may restart while writes go on). 2 is refused: with replication factor 2 the quorum is 2,
   * and every pod restart rejects writes. @default 3
   */
  readonly replicas?: number;
  /** Pulumi `protect` on the bucket. @default true */
  readonly protect?: boolean;
}

/** Observability settings other than the provider and ordering. */
export interface ObservabilitySettings {
  /** GCP project holding the Loki bucket and service account. */
  readonly project: string;
  /** Region of the Loki bucket (same as the cluster). */
  readonly region: string;
  /** Cluster name; prefixes GCP names. */
  readonly clusterName: string;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  /** Prometheus sizing. @default - see {@link PrometheusSettings} */
  readonly prometheus?: PrometheusSettings;
  /** Loki sizing and retention. @default - see {@link LokiSettings} */
  readonly loki?: LokiSettings;
  /** Alert receivers. @default - none (alerts stay in Alertmanager) */
  readonly alerts?: AlertChannels;
  /**
   * Grafana admin password; pass a Pulumi secret. @default - the Grafana chart generates a random one and keeps
   * it in the `kube-prometheus-stack-grafana` Secret
   */
  readonly grafanaAdminPassword?: pulumi.Input<string>;
  /** Escape hatch: values deep-merged last into each chart (see `mergeValues`). @default - none */
  readonly valuesOverrides?: {
    readonly kubePrometheusStack?: HelmValues;
    readonly loki?: HelmValues;
    readonly alloy?: HelmValues;
  };
}

/** Arguments of {@link Observability}. */
export interface ObservabilityArgs extends ObservabilitySettings {
  /** Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** Resources that must exist first (the cluster; Istio, whose sidecars the PodMonitor scrapes). @default - none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Defaults of {@link ObservabilitySettings}. */
export const OBSERVABILITY_DEFAULTS = {
  prometheus: { replicas: 2, retentionDays: 15, storageGi: 100 },
  loki: { retentionDays: 30, replicas: 3, protect: true },
  releases: { kubePrometheusStack: 'kube-prometheus-stack', loki: 'loki', alloy: 'alloy' },
  /** Kubernetes Secret holding the webhook URLs, mounted into Alertmanager at /etc/alertmanager/secrets/<name>/. */
  alertSecretName: 'alertmanager-webhooks',
  /** Kubernetes Secret holding the Grafana admin credentials (when a password is given). */
  grafanaAdminSecretName: 'grafana-admin',
  /** Kubernetes ServiceAccount of Loki (bound to the GCP service account through Workload Identity). */
  lokiServiceAccount: 'loki',
  namespace: PLATFORM_CONTRACT.monitoringNamespace,
} as const;

/** Settings with every default applied. */
export interface ResolvedObservabilitySettings {
  /** GCP project holding the Loki bucket and service account. */
  readonly project: string;
  /** Region of the Loki bucket. */
  readonly region: string;
  /** Cluster name; prefixes GCP names. */
  readonly clusterName: string;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  /** Prometheus sizing, every default applied. */
  readonly prometheus: Required<PrometheusSettings>;
  /** Loki sizing and retention, every default applied. */
  readonly loki: Required<LokiSettings>;
  /** Which receivers exist and their channel names (URLs stay out of everything rendered). */
  readonly receivers: { readonly slack?: { channel: string }; readonly rocketChat?: { channel: string } };
  /** True when a Grafana admin password was given (the chart then reads it from a Secret). */
  readonly grafanaAdminFromSecret: boolean;
}

/** The default Loki bucket name. */
export function defaultLokiBucketName(project: string, clusterName: string): string {
  return `${project}-${clusterName}-loki`.slice(0, 63).replace(/-+$/, '');
}

/** Every problem with `settings`; empty when valid. */
export function validateObservabilitySettings(name: string, s: ObservabilitySettings): Problem[] {
  const notAnObject = objectProblems(name, { args: s });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  const intAtLeast = (path: string, value: number | undefined, min: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) add(path, `(${value}) must be an integer >= ${min}`);
  };
  intAtLeast('prometheus.replicas', s.prometheus?.replicas, 1);
  intAtLeast('prometheus.retentionDays', s.prometheus?.retentionDays, 1);
  intAtLeast('prometheus.storageGi', s.prometheus?.storageGi, 10);
  intAtLeast('loki.retentionDays', s.loki?.retentionDays, 1);
  intAtLeast('loki.replicas', s.loki?.replicas, 1);
  if (s.loki?.replicas === 2) {
    add('loki.replicas', '(2) cannot keep accepting writes while a pod restarts (replication factor 2 needs both for a quorum); use 1 (no redundancy) or 3 (replication factor 3, quorum 2)');
  }
  const bucket = s.loki?.bucketName ?? defaultLokiBucketName(s.project, s.clusterName);
  if (!/^[a-z0-9][-_a-z0-9]{1,61}[a-z0-9]$/.test(bucket)) {
    add('loki.bucketName', `(${bucket}) must be 3-63 lowercase letters, digits, '-' or '_'`);
  }
  if (s.alerts?.slack && !/^[#@]?[-_a-z0-9.]+$/.test(s.alerts.slack.channel)) {
    add('alerts.slack.channel', `(${s.alerts.slack.channel}) must be a channel name like #platform-alerts`);
  }
  return problems;
}

/** Validates (throwing one {@link ValidationError}) and applies the defaults. */
export function resolveObservabilitySettings(name: string, s: ObservabilitySettings): ResolvedObservabilitySettings {
  const problems = validateObservabilitySettings(name, s);
  if (problems.length > 0) throw new ValidationError(`Observability ${name}: invalid arguments`, problems);
  const d = OBSERVABILITY_DEFAULTS;
  return {
    project: s.project,
    region: s.region,
    clusterName: s.clusterName,
    workloadPool: s.workloadPool,
    prometheus: { ...d.prometheus, ...s.prometheus },
    loki: {
      bucketName: defaultLokiBucketName(s.project, s.clusterName),
      ...d.loki,
      ...s.loki,
    },
    receivers: {
      ...(s.alerts?.slack ? { slack: { channel: s.alerts.slack.channel } } : {}),
      ...(s.alerts?.rocketChat ? { rocketChat: { channel: s.alerts.rocketChat.channel } } : {}),
    },
    grafanaAdminFromSecret: s.grafanaAdminPassword !== undefined,
  };
}
