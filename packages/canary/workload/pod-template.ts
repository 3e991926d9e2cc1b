/**
 * The application container and its pod template, shared by both engines (the Flagger engine's Deployment, the
 * Argo Rollouts engine's Rollout): pinned image, probes, limits, read-only root filesystem, no privileges.
 */
import { METRICS_PORT_NAME, SELECTOR_LABEL, type EnvValue, type ResolvedCanaryService, type ResolvedProbe } from '../spec';
import { commonLabels, sortedRecord } from './metadata';

function envVar(name: string, value: EnvValue): Record<string, unknown> {
  if (typeof value === 'string') return { name, value };
  if ('secretKeyRef' in value) return { name, valueFrom: { secretKeyRef: { key: value.secretKeyRef.key, name: value.secretKeyRef.name } } };
  if ('configMapKeyRef' in value) return { name, valueFrom: { configMapKeyRef: { key: value.configMapKeyRef.key, name: value.configMapKeyRef.name } } };
  return { name, valueFrom: { fieldRef: { fieldPath: value.fieldPath } } };
}

function probe(p: ResolvedProbe): Record<string, unknown> {
  return {
    failureThreshold: p.failureThreshold,
    httpGet: { path: p.path, port: 'http' },
    initialDelaySeconds: p.initialDelay.toSeconds(),
    periodSeconds: p.period.toSeconds(),
    timeoutSeconds: p.timeout.toSeconds(),
  };
}

/** True when `metrics.port` is neither the main port nor an extra port, so it is added as its own container port. */
function metricsPortIsNew(spec: ResolvedCanaryService): spec is ResolvedCanaryService & { metrics: { port: number; path: string } } {
  const m = spec.metrics;
  return m !== undefined && m.port !== spec.port && !spec.extraPorts.some((p) => p.port === m.port);
}

/**
 * Pod annotations for Istio's metrics merging: the sidecar injector moves them into the proxy's
 * `ISTIO_PROMETHEUS_ANNOTATIONS` and replaces them with its own `:15020/stats/prometheus` (applyPrometheusMerge
 * in istio pkg/kube/inject/webhook.go), which the platform's `envoy-stats` PodMonitor scrapes. Empty without
 * `metrics`.
 */
export function metricsAnnotations(spec: ResolvedCanaryService): Record<string, string> {
  if (spec.metrics === undefined) return {};
  return { 'prometheus.io/path': spec.metrics.path, 'prometheus.io/port': String(spec.metrics.port), 'prometheus.io/scrape': 'true' };
}

/** The application container: pinned image, probes, limits, read-only root and no privileges. */
export function renderContainer(spec: ResolvedCanaryService): Record<string, unknown> {
  const env = Object.entries(spec.env).map(([name, value]) => envVar(name, value));
  return {
    ...(spec.args !== undefined ? { args: [...spec.args] } : {}),
    ...(spec.command !== undefined ? { command: [...spec.command] } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(spec.envFrom.length > 0 ? { envFrom: spec.envFrom.map((e) => ('secretRef' in e ? { secretRef: { name: e.secretRef.name } } : { configMapRef: { name: e.configMapRef.name } })) } : {}),
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    // The sleep action needs no shell or `sleep` binary in the image (distroless works); Kubernetes >= 1.30.
    lifecycle: { preStop: { sleep: { seconds: spec.shutdown.preStopSleep.toSeconds() } } },
    livenessProbe: probe(spec.probes.liveness),
    name: spec.name,
    ports: [
      { containerPort: spec.port, name: 'http', protocol: 'TCP' },
      ...spec.extraPorts.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })),
      ...(metricsPortIsNew(spec) ? [{ containerPort: spec.metrics.port, name: METRICS_PORT_NAME, protocol: 'TCP' }] : []),
    ],
    readinessProbe: probe(spec.probes.readiness),
    resources: {
      limits: { cpu: spec.resources.limits.cpu, memory: spec.resources.limits.memory },
      requests: { cpu: spec.resources.requests.cpu, memory: spec.resources.requests.memory },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: spec.security.runAsGroup,
      runAsNonRoot: true,
      runAsUser: spec.security.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    startupProbe: probe(spec.probes.startup),
    // The root filesystem is read-only: /tmp is the one writable place.
    volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
  };
}

/**
 * The pod template. `podLabel` is the value of the selector label on these pods (`<name>` for Flagger's canary
 * Deployment). The topology spread selects the same label: Flagger rewrites a `matchLabels` value equal to the
 * Deployment name to `<name>-primary` when it copies the template to the primary (appendPrimarySuffixToValuesIfNeeded
 * in pkg/canary/deployment_controller.go), so primary pods spread among themselves.
 */
export function renderPodTemplate(spec: ResolvedCanaryService, podLabel: string = spec.name): Record<string, unknown> {
  const spread = (topologyKey: string, whenUnsatisfiable: string): Record<string, unknown> => ({
    labelSelector: { matchLabels: { [SELECTOR_LABEL]: podLabel } },
    // Count only pods of the same revision, so a rolling update does not skew the spread.
    matchLabelKeys: ['pod-template-hash'],
    maxSkew: spec.topologySpread.maxSkew,
    topologyKey,
    whenUnsatisfiable,
  });
  return {
    metadata: {
      annotations: sortedRecord({ 'kubectl.kubernetes.io/default-container': spec.name, ...spec.podAnnotations, ...metricsAnnotations(spec) }),
      labels: { ...commonLabels(spec), [SELECTOR_LABEL]: podLabel }, // same keys, so still in order
    },
    spec: {
      automountServiceAccountToken: spec.serviceAccount.automountToken,
      containers: [renderContainer(spec)],
      enableServiceLinks: false,
      securityContext: {
        fsGroup: spec.security.runAsGroup,
        runAsGroup: spec.security.runAsGroup,
        runAsNonRoot: true,
        runAsUser: spec.security.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      serviceAccountName: spec.name,
      // Larger than the preStop pause (validated), so the app gets the rest to finish in-flight requests.
      terminationGracePeriodSeconds: spec.shutdown.terminationGracePeriod.toSeconds(),
      // Zones as configured; nodes always preferred only (a hard node spread would block scale-up on small pools).
      topologySpreadConstraints: [
        spread('topology.kubernetes.io/zone', spec.topologySpread.whenUnsatisfiable),
        spread('kubernetes.io/hostname', 'ScheduleAnyway'),
      ],
      volumes: [{ emptyDir: { sizeLimit: spec.tmpSizeLimit }, name: 'tmp' }],
    },
  };
}
