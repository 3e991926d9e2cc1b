/**
 * Every name derived from a service name, in one function (as Flagger's `GetServiceNames` does).
 *
 * Flagger (pkg/apis/flagger/v1beta1/canary.go, pkg/canary/deployment_controller.go, pkg/canary/hpa_reconciler.go):
 * - the Deployment `<name>` we render is the *canary* workload; Flagger scales it to zero between releases;
 * - Flagger creates Deployment `<name>-primary` (and HPA `<hpa>-primary`) and copies the canary's pod spec into it
 *   at promotion: the primary serves production traffic;
 * - Flagger creates Services `<name>-primary` and `<name>-canary`, and reconciles the apex Service `<name>`;
 * - pods are selected by the first of its selector labels (`app`, `name`, `app.kubernetes.io/name`) found in
 *   the Deployment's `spec.selector.matchLabels`; on the primary Flagger rewrites that label to `<value>-primary`.
 */

/** The pod label Flagger selects by: `app`, the first of Flagger's default `-selector-labels`. */
export const SELECTOR_LABEL = 'app';

/** Name of the container port added for `metrics.port` when neither `port` nor `extraPorts` declares it. */
export const METRICS_PORT_NAME = 'metrics';

/** Names of everything a CanaryService renders or Flagger creates for it. */
export interface CanaryServiceNames {
  /** Deployment we render: Flagger's canary workload (`destination_workload` of canary traffic). */
  readonly deployment: string;
  /** Deployment Flagger creates for production traffic (`destination_workload` of primary traffic). */
  readonly primaryDeployment: string;
  /** Apex Service (clients call this name) and the Istio VirtualService Flagger creates. */
  readonly apexService: string;
  /** Service Flagger creates for the primary pods. */
  readonly primaryService: string;
  /** Service Flagger creates for the canary pods (load tests target it). */
  readonly canaryService: string;
  /** Value of {@link SELECTOR_LABEL} on canary pods. */
  readonly canaryPodLabel: string;
  /** Value of {@link SELECTOR_LABEL} on primary pods (rewritten by Flagger). */
  readonly primaryPodLabel: string;
  /** ServiceAccount, HPA, PodDisruptionBudget and Canary resource. */
  readonly resource: string;
  /** MetricTemplate of a check, e.g. `podinfo-error-rate`. */
  readonly metricTemplate: (check: string) => string;
  /** AlertProvider of an alert, e.g. `podinfo-on-call`. */
  readonly alertProvider: (alert: string) => string;
}

/** The derived names of service `name`. */
export function canaryServiceNames(name: string): CanaryServiceNames {
  return {
    deployment: name,
    primaryDeployment: `${name}-primary`,
    apexService: name,
    primaryService: `${name}-primary`,
    canaryService: `${name}-canary`,
    canaryPodLabel: name,
    primaryPodLabel: `${name}-primary`,
    resource: name,
    metricTemplate: (check) => `${name}-${check}`,
    alertProvider: (alert) => `${name}-${alert}`,
  };
}
