/**
 * Workload props: the container, its probes, resources, shutdown, scaling and placement.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
import type { DurationInput } from './props';

/** An extra container port (not exposed through the Services). */
export interface ContainerPortProps {
  /** Port name: an IANA service name (lower case, at most 15 characters), not `http`. */
  readonly name: string;
  /** Port number (1-65535), not one of Istio's sidecar ports. */
  readonly port: number;
  /** Protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * The application's own Prometheus metrics, scraped through the mesh by Istio's metrics merging: the pod gets
 * `prometheus.io/scrape: "true"`, `prometheus.io/port` and `prometheus.io/path`; the sidecar injector moves them
 * into the istio-proxy's `ISTIO_PROMETHEUS_ANNOTATIONS` and points them at its own `:15020/stats/prometheus`,
 * where the agent serves Envoy's metrics and the app's (fetched over localhost) together. The platform's
 * `envoy-stats` PodMonitor scrapes exactly that port in plaintext (it is outside mTLS), so app metrics work under
 * STRICT mTLS with no PodMonitor of the service's own. Series carry the scrape's `namespace` and `pod` labels:
 * select the canary with `pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"` (docs/canary-service.md).
 * @see https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging
 */
export interface MetricsProps {
  /**
   * Container port serving the metrics over plain HTTP (the main `port` or another; a port not listed in
   * `extraPorts` is added as the container port `metrics`). Not one of Istio's sidecar ports.
   */
  readonly port: number;
  /** Path of the metrics endpoint, starting with `/`. @default '/metrics' */
  readonly path?: string;
}

/** Key of a Secret or ConfigMap in the service's namespace. */
export interface KeyReference {
  /** Secret or ConfigMap name. */
  readonly name: string;
  /** Key inside it. */
  readonly key: string;
}

/** An environment variable value: a literal, or a reference (never a secret literal). */
export type EnvValue =
  | string
  | { readonly secretKeyRef: KeyReference }
  | { readonly configMapKeyRef: KeyReference }
  | { readonly fieldPath: 'metadata.name' | 'metadata.namespace' | 'status.podIP' | 'spec.nodeName' };

/** A whole Secret or ConfigMap exposed as environment variables. */
export type EnvFromProps = { readonly secretRef: { readonly name: string } } | { readonly configMapRef: { readonly name: string } };

/** CPU and memory amounts as Kubernetes quantities (`'100m'`, `'0.5'`, `'128Mi'`). */
export interface ResourceAmounts {
  /** CPU. @default - see {@link ResourcesProps} */
  readonly cpu?: string;
  /** Memory. @default - see {@link ResourcesProps} */
  readonly memory?: string;
}

/**
 * Requests and limits. Defaults fit a small HTTP service: requests 100m CPU / 128Mi (what the scheduler and the
 * HPA's 70% target are measured against), limits 500m / 256Mi (bursts allowed; memory capped).
 */
export interface ResourcesProps {
  /** Requests. @default { cpu: '100m', memory: '128Mi' } */
  readonly requests?: ResourceAmounts;
  /** Limits, at least the requests. @default { cpu: '500m', memory: '256Mi' } */
  readonly limits?: ResourceAmounts;
}

/** An HTTP GET probe on the service's port. */
export interface HttpProbeProps {
  /** Path, starting with `/`. @default - '/healthz' (liveness, startup) or '/readyz' (readiness) */
  readonly path?: string;
  /** Time between probes (whole seconds). @default - 10s liveness, 5s readiness and startup */
  readonly period?: DurationInput;
  /** Probe timeout (whole seconds). @default '2s' */
  readonly timeout?: DurationInput;
  /** Consecutive failures before acting (1-100). @default - 3 liveness, 2 readiness, 24 startup */
  readonly failureThreshold?: number;
  /** Delay before the first probe (whole seconds). @default '0s' */
  readonly initialDelay?: DurationInput;
}

/** Liveness, readiness and startup probes. */
export interface ProbesProps {
  /** Restart the container when it stops answering. @default { path: '/healthz', period: '10s', failureThreshold: 3 } */
  readonly liveness?: HttpProbeProps;
  /** Take the pod out of load balancing while not ready. @default { path: '/readyz', period: '5s', failureThreshold: 2 } */
  readonly readiness?: HttpProbeProps;
  /** Allow a slow start (liveness waits for it). @default { path: '/healthz', period: '5s', failureThreshold: 24 } (2 minutes) */
  readonly startup?: HttpProbeProps;
}

/** Connection draining on shutdown. */
export interface ShutdownProps {
  /**
   * Pause before SIGTERM (a `preStop` sleep action, no shell needed), so endpoints and Envoy routes drop the pod
   * before it stops accepting connections. Whole seconds, at least 1s.
   * @default '10s'
   */
  readonly preStopSleep?: DurationInput;
  /** Total time allowed for shutdown; longer than preStopSleep. @default '40s' */
  readonly terminationGracePeriod?: DurationInput;
}

/** Rolling update limits: a count or a percentage string such as `'25%'`. */
export interface RollingUpdateProps {
  /** Extra pods during an update. @default '25%' */
  readonly maxSurge?: number | string;
  /** Pods that may be unavailable during an update. @default 0 */
  readonly maxUnavailable?: number | string;
}

/** Replicas owned by a HorizontalPodAutoscaler (the Deployment then has no `replicas`). */
export interface AutoscaledScalingProps {
  /** Scaling kind. */
  readonly kind: 'autoscaled';
  /** Minimum replicas (1-1000); more than 1 adds a PodDisruptionBudget. @default 2 */
  readonly minReplicas?: number;
  /** Maximum replicas, at least minReplicas (1-1000). @default 10 */
  readonly maxReplicas?: number;
  /** Average CPU use the HPA aims for, percent of requests (1-100). @default 70 */
  readonly targetCpuUtilization?: number;
}

/** A fixed number of replicas (no HPA). */
export interface FixedScalingProps {
  /** Scaling kind. */
  readonly kind: 'fixed';
  /** Replicas (1-1000); more than 1 adds a PodDisruptionBudget. */
  readonly replicas: number;
}

/** How replicas are decided. */
export type ScalingProps = AutoscaledScalingProps | FixedScalingProps;

/** The (non-root) identity of the container. */
export interface SecurityProps {
  /** UID (1-2147483647; root is refused). @default 65532 */
  readonly runAsUser?: number;
  /** GID (1-2147483647). @default 65532 */
  readonly runAsGroup?: number;
}

/** Spread across zones (`topology.kubernetes.io/zone`) and nodes (`kubernetes.io/hostname`). */
export interface TopologySpreadProps {
  /** Largest allowed difference in pod count between zones (1-10). @default 1 */
  readonly maxSkew?: number;
  /** `ScheduleAnyway` prefers the spread; `DoNotSchedule` enforces it (pods may stay pending). @default 'ScheduleAnyway' */
  readonly whenUnsatisfiable?: 'ScheduleAnyway' | 'DoNotSchedule';
}

/** The service's ServiceAccount. */
export interface ServiceAccountProps {
  /** Annotations, e.g. `iam.gke.io/gcp-service-account` for Workload Identity. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Mount a Kubernetes API token into the pods. @default false */
  readonly automountToken?: boolean;
}
