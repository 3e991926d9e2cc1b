/**
 * Flagger and flagger-loadtester: settings, defaults, validation and pure chart values.
 */
import { HelmValues, RESTRICTED_CONTAINER } from '../helm';
import { KubeObject, objectProblems, PLATFORM_CONTRACT, Problem, sortKeys, ValidationError } from '../../shared';
import { IMAGES } from '../../shared/versions';

/** Flagger settings other than the provider and ordering. */
export interface FlaggerSettings {
  /** Cluster name added to Flagger's alerts. @default - none */
  readonly clusterName?: string;
  /** Flagger replicas (leader election when > 1). @default 2 */
  readonly replicas?: number;
  /**
   * flagger-loadtester replicas. The load tester keeps its gates (`/gate/open`, `/rollback/open`) in the memory
   * of one process, and Flagger's checks reach any replica: with more than one, a gate opened on one pod is
   * closed on the others, so promotions and rollbacks happen at random steps. More than 1 is therefore refused
   * while `loadTesterGates` is true. The cost of 1: while that pod restarts (a node drain, an OOM), load-test and
   * acceptance webhooks fail and count as failed checks, and gates reset to closed (docs/canary-service.md,
   * "Manual gates").
   * @default 1
   */
  readonly loadTesterReplicas?: number;
  /**
   * CanaryServices on the Flagger engine may use the load tester's gates (`webhooks.confirmRollout`,
   * `confirmPromotion`, `rollbackGate`, the last on by default). Set false only when no such service on this
   * platform uses any of them; then `loadTesterReplicas` may exceed 1 (the stack configuration then refuses
   * services with gates; team stacks must keep to it themselves).
   * @default true
   */
  readonly loadTesterGates?: boolean;
  /** Escape hatch: values deep-merged last into each chart (see `mergeValues`). @default - none */
  readonly valuesOverrides?: { readonly flagger?: HelmValues; readonly loadTester?: HelmValues };
}

/** Defaults of {@link FlaggerSettings}. */
export const FLAGGER_DEFAULTS = {
  replicas: 2,
  loadTesterReplicas: 1,
  loadTesterGates: true,
  releases: { flagger: 'flagger', loadTester: 'flagger-loadtester' },
  namespace: PLATFORM_CONTRACT.flaggerNamespace,
} as const;

/** Why gates need one load-tester replica, for messages. */
export const GATES_NEED_ONE_REPLICA =
  'flagger-loadtester keeps gate state (/gate/open, /rollback/open) in the memory of one process and Flagger\'s checks reach any replica, so with more a gate opened on one pod stays closed on the others; run 1 replica, or set loadTesterGates: false when no CanaryService on the Flagger engine uses confirmRollout, confirmPromotion or rollbackGate';

/** Every problem with `settings`; empty when valid. */
export function validateFlaggerSettings(name: string, settings: FlaggerSettings): Problem[] {
  const notAnObject = objectProblems(name, { args: settings });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  for (const key of ['replicas', 'loadTesterReplicas'] as const) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      problems.push({ subject: name, path: key, message: `(${value}) must be an integer >= 1` });
    }
  }
  const gates = settings.loadTesterGates ?? FLAGGER_DEFAULTS.loadTesterGates;
  if (typeof gates !== 'boolean') problems.push({ subject: name, path: 'loadTesterGates', message: `(${String(gates)}) must be true or false` });
  // The escape hatch could set the chart's replicaCount past the same rule.
  const overridden = settings.valuesOverrides?.loadTester?.replicaCount;
  for (const [path, value] of [['loadTesterReplicas', settings.loadTesterReplicas], ['valuesOverrides.loadTester.replicaCount', overridden]] as const) {
    if (gates === true && typeof value === 'number' && Number.isInteger(value) && value > 1) {
      problems.push({ subject: name, path, message: `(${value}) must be 1 while loadTesterGates is true: ${GATES_NEED_ONE_REPLICA}` });
    }
  }
  return problems;
}

/** Throws one {@link ValidationError} listing every problem with `settings`. */
export function assertFlaggerSettings(name: string, settings: FlaggerSettings): void {
  const problems = validateFlaggerSettings(name, settings);
  if (problems.length > 0) throw new ValidationError(`Flagger ${name}: invalid arguments`, problems);
}

/**
 * Flagger values: Istio mesh provider, the given Prometheus as metrics server, leader election, a PDB and a
 * PodMonitor. Flagger itself stays out of the mesh (it only talks to the API server and Prometheus).
 * The Canary, MetricTemplate and AlertProvider CRDs come from the chart's `crds/` directory.
 */
export function flaggerValues(settings: FlaggerSettings, metricsServer: string): HelmValues {
  const replicas = settings.replicas ?? FLAGGER_DEFAULTS.replicas;
  return sortKeys({
    meshProvider: 'istio',
    metricsServer,
    image: { repository: IMAGES.flagger.repository, tag: IMAGES.flagger.tag },
    ...(settings.clusterName ? { clusterName: settings.clusterName } : {}),
    leaderElection: { enabled: replicas > 1, replicaCount: replicas },
    // minAvailable only with the budget: the chart ignores it otherwise (a dead value).
    podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
    // honorLabels: Flagger labels its canary metrics with the canary's own `namespace`; without it the scrape's
    // `namespace` (flagger-system) wins and the canary alerts (packages/canary-observability) match nothing.
    podMonitor: { enabled: true, namespace: FLAGGER_DEFAULTS.namespace, interval: '15s', honorLabels: true },
    podAnnotations: { 'sidecar.istio.io/inject': 'false' },
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
    // The chart's context (read-only root, uid 10001) completed: non-root, no escalation, no capabilities.
    securityContext: { enabled: true, context: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true, runAsUser: 10001 } },
    // Deployment annotations (the chart puts `annotations` on the Deployment only).
    annotations: {
      'policy.canary-platform.dev/waive-secret-no-plaintext':
        'the chart always adds the pod annotation appmesh.k8s.aws/sidecarInjectorWebhook: disabled, an App Mesh switch whose name ends in webhook; it holds no secret',
    },
  });
}


/**
 * flagger-loadtester values. The loadtester runs inside the mesh (its namespace has sidecar injection) so that
 * its traffic reaches services under STRICT mTLS.
 */
export function loadTesterValues(settings: FlaggerSettings): HelmValues {
  return sortKeys({
    replicaCount: settings.loadTesterReplicas ?? FLAGGER_DEFAULTS.loadTesterReplicas,
    image: { repository: IMAGES.flaggerLoadTester.repository, tag: IMAGES.flaggerLoadTester.tag },
    fullnameOverride: FLAGGER_DEFAULTS.releases.loadTester,
    cmd: { timeout: '1h' },
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
    // Off in the chart by default; its context (read-only root, the image's user app 100:101) completed.
    securityContext: { enabled: true, context: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true, runAsUser: 100, runAsGroup: 101 } },
  });
}

/** The load tester's container port (the chart's `-port=8080`; its Service maps port 80 to it). */
export const LOAD_TESTER_PORT = 8080;

/**
 * Lets the load tester's webhook port accept plaintext under mesh-wide STRICT mTLS.
 *
 * Flagger and the Argo Rollouts controller run without an Istio sidecar, so their webhook calls to the load
 * tester are plaintext; under STRICT mTLS the load tester's sidecar would refuse them and every acceptance and
 * load-test webhook would fail. Only port 8080 of the load-tester pods (`app: loadtester`, the chart's pod label)
 * is PERMISSIVE; the load tester's own traffic to the services it tests still goes out over mTLS through its
 * sidecar. The prod policy `mesh-mtls-strict` would refuse this object, so it carries a reasoned waiver.
 */
export function loadTesterPeerAuthentication(namespace: string = FLAGGER_DEFAULTS.namespace): KubeObject {
  return sortKeys({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: {
      name: 'flagger-loadtester-webhooks',
      namespace,
      annotations: {
        'policy.canary-platform.dev/waive-mesh-mtls-strict':
          'Flagger and Argo Rollouts have no sidecar and call the load tester webhook in plaintext; only port 8080 of the load tester accepts it',
      },
    },
    spec: {
      selector: { matchLabels: { app: 'loadtester' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { [String(LOAD_TESTER_PORT)]: { mode: 'PERMISSIVE' } },
    },
  });
}
