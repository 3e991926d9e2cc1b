/**
 * Arguments of {@link ArgoRolloutsController}: types, defaults, validation and the typed Helm values. Pure; no
 * Pulumi resources here.
 */
import type * as pulumi from '@pulumi/pulumi';
import { notificationConfig, NOTIFICATION_SERVICE } from '../../canary/engines/argo-rollouts/notifications';
import { type HelmValues, mergeValues } from '../helm';
import { objectProblems, PLATFORM_CONTRACT, type Problem, ValidationError } from '../../shared';
import { CHARTS } from '../../shared/versions';

/** Container resources, Kubernetes quantities. */
export interface ControllerResources {
  /** CPU request, for example `100m`. */
  readonly cpuRequest: string;
  /** Memory request, for example `256Mi`. */
  readonly memoryRequest: string;
  /** Memory limit (no CPU limit: throttling a controller only slows reconciliation). */
  readonly memoryLimit: string;
}

/** Slack notifications sent by the controller for every Rollout that subscribes. */
export interface SlackNotifications {
  /**
   * Bot token (`xoxb-...`) of the Slack app allowed to post (`chat:write`). Pass a Pulumi secret; it is stored
   * only in the Kubernetes Secret `argo-rollouts-notification-secret`, never in the chart values.
   * @see https://argo-rollouts.readthedocs.io/en/stable/generated/notification-services/slack/
   */
  readonly token: pulumi.Input<string>;
}

/** Arguments of {@link ArgoRolloutsController} other than the Kubernetes provider and upstream resources. */
export interface ArgoRolloutsControllerSettings {
  /** Namespace of the controller. @default 'argo-rollouts' ({@link PLATFORM_CONTRACT.argoRolloutsNamespace}) */
  readonly namespace?: string;
  /** Controller replicas (one leader, the others stand by). @default 2 */
  readonly replicas?: number;
  /** Controller resources. @default { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '1Gi' } */
  readonly resources?: ControllerResources;
  /**
   * Create a Prometheus Operator ServiceMonitor for the controller's metrics (needs the monitoring stack's CRDs:
   * pass the observability component as `monitoring`).
   * @default true
   */
  readonly serviceMonitor?: boolean;
  /** Slack notifications; omit to send none. @default - no notifications */
  readonly slack?: SlackNotifications;
  /**
   * Escape hatch: raw Helm values of the argo-rollouts chart, deep-merged last over the typed values above.
   * @see https://github.com/argoproj/argo-helm/blob/main/charts/argo-rollouts/values.yaml
   * @default - none
   */
  readonly values?: HelmValues;
}

/** Defaults of {@link ArgoRolloutsControllerSettings}, in one visible place. */
export const ARGO_ROLLOUTS_CONTROLLER_DEFAULTS = {
  namespace: PLATFORM_CONTRACT.argoRolloutsNamespace,
  replicas: 2,
  resources: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '1Gi' } satisfies ControllerResources,
  serviceMonitor: true,
  /** Helm release name; the chart names the controller Deployment after it. */
  releaseName: 'argo-rollouts',
} as const;

/** Name of the Secret the notifications engine reads (fixed by Argo Rollouts). */
export const NOTIFICATION_SECRET_NAME = 'argo-rollouts-notification-secret';
/** Key of the Slack token in {@link NOTIFICATION_SECRET_NAME}. */
export const SLACK_TOKEN_KEY = 'slack-token';

/** {@link ArgoRolloutsControllerSettings} with every default applied. */
export interface ResolvedArgoRolloutsControllerSettings {
  /** Namespace of the controller. */
  readonly namespace: string;
  /** Controller replicas. */
  readonly replicas: number;
  /** Controller resources. */
  readonly resources: ControllerResources;
  /** Whether a ServiceMonitor is created. */
  readonly serviceMonitor: boolean;
  /** Whether the Slack service is configured (the token itself never appears in settings or values). */
  readonly slack: boolean;
  /** The values escape hatch (empty when none). */
  readonly values: HelmValues;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** What the component knows about its upstream resources, for validation. */
export interface UpstreamPresence {
  /** True when the monitoring stack was passed. */
  readonly monitoring: boolean;
}

/** Every problem with `settings`, in field order; empty when valid. */
export function validateArgoRolloutsControllerSettings(
  name: string,
  settings: ArgoRolloutsControllerSettings,
  upstream: UpstreamPresence = { monitoring: true },
): Problem[] {
  const notAnObject = objectProblems(name, { args: settings });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  if (settings.namespace !== undefined && !DNS_LABEL.test(settings.namespace)) {
    add('namespace', `(${settings.namespace}) must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters`);
  }
  if (settings.replicas !== undefined && (!Number.isInteger(settings.replicas) || settings.replicas < 1 || settings.replicas > 5)) {
    add('replicas', `(${settings.replicas}) must be a whole number 1-5 (one leader, the rest stand by)`);
  }
  for (const key of ['cpuRequest', 'memoryRequest', 'memoryLimit'] as const) {
    const value = settings.resources?.[key];
    if (value !== undefined && !QUANTITY.test(value)) {
      add(`resources.${key}`, `(${value}) must be a Kubernetes quantity such as 100m, 256Mi or 1Gi`);
    }
  }
  if (settings.slack !== undefined && (settings.slack.token === undefined || settings.slack.token === '')) {
    add('slack.token', 'is required when slack is set (the Slack bot token, as a Pulumi secret)');
  }
  if ((settings.serviceMonitor ?? ARGO_ROLLOUTS_CONTROLLER_DEFAULTS.serviceMonitor) && !upstream.monitoring) {
    add('monitoring', 'is required when serviceMonitor is true (its CRD comes from the monitoring stack); pass it or set serviceMonitor: false');
  }
  return problems;
}

/** Validates `settings` (throwing one {@link ValidationError} listing every problem) and applies the defaults. */
export function resolveArgoRolloutsControllerSettings(
  name: string,
  settings: ArgoRolloutsControllerSettings,
  upstream: UpstreamPresence = { monitoring: true },
): ResolvedArgoRolloutsControllerSettings {
  const problems = validateArgoRolloutsControllerSettings(name, settings, upstream);
  if (problems.length > 0) throw new ValidationError(`ArgoRolloutsController ${name}: invalid arguments`, problems);
  const d = ARGO_ROLLOUTS_CONTROLLER_DEFAULTS;
  return {
    namespace: settings.namespace ?? d.namespace,
    replicas: settings.replicas ?? d.replicas,
    resources: { ...d.resources, ...settings.resources },
    serviceMonitor: settings.serviceMonitor ?? d.serviceMonitor,
    slack: settings.slack !== undefined,
    values: settings.values ?? {},
  };
}

/** The chart this add-on installs: argo/argo-rollouts, pinned in `packages/shared/versions.ts`. */
export const ARGO_ROLLOUTS_CHART = CHARTS.argoRollouts;

/**
 * Typed Helm values of the argo-rollouts chart for what this add-on sets, with the escape hatch merged last.
 *
 * - CRDs installed and kept on uninstall (deleting them would delete every Rollout).
 * - Two controller replicas with a PodDisruptionBudget, requests and a memory limit; the chart's restrictive
 *   security contexts (non-root, read-only root filesystem, no capabilities) are kept.
 * - RBAC for the Istio traffic router only (the chart grants every provider by default).
 * - Metrics Service and, optionally, a ServiceMonitor.
 * - Notifications: the Slack service reads `$slack-token` from `argo-rollouts-notification-secret` (created by
 *   the component, not by the chart), and the triggers and templates Rollouts subscribe to
 *   (`packages/canary/engines/argo-rollouts/notifications.ts`).
 * - No dashboard (it has no authentication).
 */
export function argoRolloutsControllerValues(s: ResolvedArgoRolloutsControllerSettings): HelmValues {
  const { templates, triggers } = notificationConfig();
  const typed: Record<string, unknown> = {
    installCRDs: true,
    keepCRDs: true,
    controller: {
      replicas: s.replicas,
      resources: {
        requests: { cpu: s.resources.cpuRequest, memory: s.resources.memoryRequest },
        limits: { memory: s.resources.memoryLimit },
      },
      pdb: { enabled: true, minAvailable: 1 },
      // The chart's ServiceMonitor has no honorLabels: Prometheus renames the controller's own `namespace` label
      // (the Rollout's) to `exported_namespace`. Restore it, so rollout_info{namespace="<service ns>"} matches
      // (the Argo Rollouts release alerts in packages/canary-observability select on it).
      metrics: {
        enabled: true,
        serviceMonitor: {
          enabled: s.serviceMonitor,
          metricRelabelings: [
            { action: 'replace', sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace', replacement: '$1' },
            { action: 'labeldrop', regex: 'exported_namespace' },
          ],
        },
      },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    },
    dashboard: { enabled: false },
    providerRBAC: {
      enabled: true,
      providers: {
        istio: true,
        smi: false,
        ambassador: false,
        awsLoadBalancerController: false,
        awsAppMesh: false,
        traefik: false,
        apisix: false,
        contour: false,
        glooPlatform: false,
        gatewayAPI: false,
      },
    },
    notifications: {
      configmap: { create: true },
      secret: { create: false },
      notifiers: s.slack ? { [`service.${NOTIFICATION_SERVICE}`]: `token: $${SLACK_TOKEN_KEY}\n` } : {},
      templates,
      triggers,
    },
  };
  return mergeValues(typed, s.values);
}
