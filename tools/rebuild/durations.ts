/**
 * The one table of step durations every estimate of `rebuild` and `failover` comes from: a low, typical and
 * high figure in seconds for each cloud, Helm, Pulumi or DNS operation, and where the figure comes from.
 *
 * These are ESTIMATES, not measurements of this repository (nothing here has run against GCP from CI). Where a
 * public source gives a figure it is cited; where none was found the entry says `basis: 'assumption'`. Replace
 * a figure with your own drill's timing (docs/disaster-recovery.md, "The duration table"), keeping the source.
 * Pure data: no I/O.
 */

/** Where a figure comes from. */
export type DurationBasis = 'published' | 'assumption';

/** A three-point estimate of one operation, in seconds (low <= typical <= high). */
export interface ThreePointSeconds {
  /** A fast run: about the best seen. */
  readonly lowSeconds: number;
  /** The most likely duration (the mode of the distribution the planner samples). */
  readonly typicalSeconds: number;
  /** A slow run: the tail a plan must survive, not the worst case ever. */
  readonly highSeconds: number;
}

/** One row of the table. */
export interface StepDuration extends ThreePointSeconds {
  /** What the operation is, one line. */
  readonly what: string;
  /** `published`: a public source gives the figure; `assumption`: none found, an engineer's estimate. */
  readonly basis: DurationBasis;
  /** The public source (URL and what it says), or why the assumption is what it is. */
  readonly source: string;
}

/** The table: one entry per operation. Keys are stable ids the plans refer to. */
export const STEP_DURATIONS = {
  'pulumi-preview': {
    what: 'Pulumi program start and preview of one layer stack (Node.js + TypeScript, plugins loaded)',
    lowSeconds: 15,
    typicalSeconds: 30,
    highSeconds: 90,
    basis: 'assumption',
    source: 'No public figure found; TypeScript programs of this size start and preview in tens of seconds. Time `pulumi preview` in your drill.',
  },
  'pulumi-update': {
    what: 'Pulumi `up` bookkeeping around the resource operations (program start, checkpoints, outputs)',
    lowSeconds: 10,
    typicalSeconds: 20,
    highSeconds: 60,
    basis: 'assumption',
    source: 'No public figure found; the program runs again for `up`. Time an `up` with no changes in your drill.',
  },
  'pulumi-config-set': {
    what: 'Write one config value to the stack file (`pulumi config set --path`)',
    lowSeconds: 1,
    typicalSeconds: 2,
    highSeconds: 5,
    basis: 'assumption',
    source: 'A local file write through the Pulumi CLI; no cloud call.',
  },
  'gcp-network': {
    what: 'VPC, subnet, Cloud Router + NAT, node service account, IAM bindings, firewall (created side by side)',
    lowSeconds: 20,
    typicalSeconds: 60,
    highSeconds: 180,
    basis: 'published',
    source: 'https://github.com/opea-project/GenAIInfra/pull/977 (terraform apply log: VPC "Creation complete after 22s"); NAT and IAM add tens of seconds.',
  },
  'gke-cluster-create': {
    what: 'Regional GKE Standard cluster creation (control plane, temporary default pool removed)',
    lowSeconds: 480,
    typicalSeconds: 600,
    highSeconds: 1800,
    basis: 'published',
    source:
      'https://github.com/hashicorp/terraform-provider-google/issues/1744 ("typically takes between 9-15m" for a regional cluster); ' +
      'https://github.com/hashicorp/terraform-provider-google/issues/5229 (a creation still RUNNING at the 30 min timeout): the slow tail.',
  },
  'gke-node-pool-create': {
    what: 'One node pool created on a new cluster (VMs booted and Ready in every zone)',
    lowSeconds: 90,
    typicalSeconds: 180,
    highSeconds: 600,
    basis: 'published',
    source:
      'https://brtkwr.com/posts/2025-10-21-gke-cluster-autoscaler (new GKE nodes: "2-5 minutes from pending pod to running"); ' +
      'https://cloud.google.com/kubernetes-engine/docs/concepts/startup-latency-reduction-strategies (VM provisioning, node init and registration).',
  },
  'gke-node-pool-update': {
    what: 'Node pool autoscaling limits changed in place (an API operation; no node is created by it)',
    lowSeconds: 15,
    typicalSeconds: 45,
    highSeconds: 180,
    basis: 'assumption',
    source: 'A metadata-only node pool update; no public figure found. Time it in a drill (`gcloud container operations list`).',
  },
  'gke-node-provision': {
    what: 'New nodes added by the cluster autoscaler become Ready (VM boot, kubelet registration)',
    lowSeconds: 60,
    typicalSeconds: 120,
    highSeconds: 300,
    basis: 'published',
    source:
      'https://brtkwr.com/posts/2025-10-21-gke-cluster-autoscaler ("Scale-up: 2-5 minutes from pending pod to running"); ' +
      'https://cloud.google.com/kubernetes-engine/docs/concepts/startup-latency-reduction-strategies.',
  },
  'gke-backup-plan-create': {
    what: 'Backup for GKE backup plan or restore plan created (configuration only)',
    lowSeconds: 10,
    typicalSeconds: 30,
    highSeconds: 90,
    basis: 'assumption',
    source: 'A configuration object of the Backup for GKE API; no public figure found.',
  },
  'gke-backup-restore': {
    what: 'Backup for GKE restore of the selected namespaces (objects, then volumes from snapshots)',
    lowSeconds: 300,
    typicalSeconds: 900,
    highSeconds: 1800,
    basis: 'assumption',
    source:
      'https://cloud.google.com/kubernetes-engine/docs/add-on/backup-for-gke/concepts/backup-for-gke (a restore re-creates the objects, then volumes ' +
      'and pods reconcile); no published duration found: it grows with volume size (the runbook says 10-30 min).',
  },
  'gcs-bucket-create': {
    what: 'Cloud Storage bucket created (Loki)',
    lowSeconds: 2,
    typicalSeconds: 5,
    highSeconds: 20,
    basis: 'assumption',
    source: 'A single Cloud Storage API call; no public figure found.',
  },
  'helm-istio-base': {
    what: 'Helm install of istio-base with atomic (CRDs and cluster roles; nothing to wait for)',
    lowSeconds: 10,
    typicalSeconds: 20,
    highSeconds: 60,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--atomic implies --wait: the install returns when every resource is ready); CRDs only.',
  },
  'helm-istio-cni': {
    what: 'Helm install of istio-cni with atomic (a DaemonSet Ready on every node)',
    lowSeconds: 20,
    typicalSeconds: 45,
    highSeconds: 120,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--wait waits for DaemonSets on every node); image pull per node.',
  },
  'helm-istiod': {
    what: 'Helm install of istiod with atomic (control plane Deployment Ready, webhooks registered)',
    lowSeconds: 30,
    typicalSeconds: 60,
    highSeconds: 180,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--atomic waits for the Deployment); image pull plus readiness.',
  },
  'helm-istio-gateway': {
    what: 'Helm install of the ingress gateway with atomic (pods Ready, a GCP network load balancer provisioned)',
    lowSeconds: 60,
    typicalSeconds: 120,
    highSeconds: 300,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--wait waits for a LoadBalancer Service to get its address); L4 load balancer creation.',
  },
  'helm-kube-prometheus-stack': {
    what: 'Helm install of kube-prometheus-stack with atomic (operator, Prometheus, Alertmanager, Grafana, exporters)',
    lowSeconds: 120,
    typicalSeconds: 240,
    highSeconds: 600,
    basis: 'published',
    source:
      'https://github.com/llm-d/llm-d-autoscaling/pull/754 (the install hit a 5 min timeout on a busy cluster); ' +
      'https://github.com/spack/spack-infrastructure/pull/1191 ("frequently ... take longer than 10 minutes").',
  },
  'helm-loki': {
    what: 'Helm install of Loki with atomic (StatefulSets with volumes, object storage configured)',
    lowSeconds: 60,
    typicalSeconds: 150,
    highSeconds: 420,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--wait waits for StatefulSets); persistent disks are attached per replica.',
  },
  'helm-small': {
    what: 'Helm install with atomic of a small chart (Alloy, Flagger, flagger-loadtester, Argo Rollouts): one Deployment or DaemonSet',
    lowSeconds: 20,
    typicalSeconds: 45,
    highSeconds: 120,
    basis: 'assumption',
    source: 'https://helm.sh/docs/helm/helm_install/ (--atomic waits for readiness); one image pull and start.',
  },
  'canary-services': {
    what: 'The CanaryServices applied: Deployments Ready, then Flagger initialises each primary',
    lowSeconds: 30,
    typicalSeconds: 60,
    highSeconds: 180,
    basis: 'assumption',
    source: 'Flagger initialises a Canary by deploying its -primary and waiting for it (https://docs.flagger.app/usage/how-it-works); no published duration.',
  },
  'source-probe': {
    what: 'Probe of the source region: does its gateway still answer (3 attempts, 5 s timeout each)?',
    lowSeconds: 1,
    typicalSeconds: 5,
    highSeconds: 15,
    basis: 'assumption',
    source: "Bounded by the probe's own timeouts (tools/failover).",
  },
  'pod-start-warm': {
    what: 'Extra replicas start on a node that has the image (cached, or streamed with GKE image streaming) and pass readiness',
    lowSeconds: 5,
    typicalSeconds: 15,
    highSeconds: 60,
    basis: 'published',
    source: 'https://cloud.google.com/kubernetes-engine/docs/how-to/image-streaming ("Faster Pod startup": no wait for the whole image to download).',
  },
  'pod-start-cold': {
    what: 'Replicas start on a new node that must pull the image first, then pass readiness',
    lowSeconds: 15,
    typicalSeconds: 40,
    highSeconds: 150,
    basis: 'published',
    source: 'https://cloud.google.com/kubernetes-engine/docs/concepts/startup-latency-reduction-strategies (image pull is a stage of its own on a new node).',
  },
  'cloud-dns-update': {
    what: 'Cloud DNS record set changed (the change is applied on the authoritative name servers)',
    lowSeconds: 5,
    typicalSeconds: 20,
    highSeconds: 120,
    basis: 'assumption',
    source: 'https://cloud.google.com/dns/docs/records (record changes are applied as one change); no published propagation figure found.',
  },
} as const satisfies Readonly<Record<string, StepDuration>>;

/** An id of the table. */
export type DurationId = keyof typeof STEP_DURATIONS;

/** The extra time a resolver that honours the TTL may still answer from its cache (late refresh, client caches). */
export const RESOLVER_OVERSTAY_SECONDS = 60;

/**
 * How long clients keep using the old address after a DNS change, for a record with `ttlSeconds`: resolvers
 * that honour the TTL drop the old answer within it (typical: the whole TTL, for the client that just cached
 * it), a little later when they or the client cache refresh late. Clients behind resolvers that clamp TTLs to a
 * minimum (some hold answers for 300 s or more) take longer: a minority this milestone does not wait for, and
 * that no DNS-based failover avoids (see docs/disaster-recovery.md, "Traffic").
 * @see https://www.rfc-editor.org/rfc/rfc1035 (TTL: how long a record may be cached)
 */
export function dnsCacheExpiry(ttlSeconds: number): StepDuration {
  return {
    what: `Resolvers drop the old answer (record TTL ${ttlSeconds} s)`,
    lowSeconds: Math.min(5, ttlSeconds),
    typicalSeconds: ttlSeconds,
    highSeconds: ttlSeconds + RESOLVER_OVERSTAY_SECONDS,
    basis: 'published',
    source: `RFC 1035 (TTL): typical = the TTL, high = TTL + ${RESOLVER_OVERSTAY_SECONDS} s for late cache refreshes; TTL-clamping resolvers are left out (a minority).`,
  };
}

/** Problems with a duration table: a figure that is not positive and finite, or out of order. */
export function durationTableProblems(table: Readonly<Record<string, ThreePointSeconds & { source?: string }>>): string[] {
  const problems: string[] = [];
  for (const [id, d] of Object.entries(table)) {
    for (const key of ['lowSeconds', 'typicalSeconds', 'highSeconds'] as const) {
      if (!Number.isFinite(d[key]) || d[key] < 0) problems.push(`${id}: ${key} (${d[key]}) must be a number of seconds >= 0`);
    }
    if (!(d.lowSeconds <= d.typicalSeconds && d.typicalSeconds <= d.highSeconds)) {
      problems.push(`${id}: low (${d.lowSeconds}) <= typical (${d.typicalSeconds}) <= high (${d.highSeconds}) must hold`);
    }
    if (d.source !== undefined && d.source.trim() === '') problems.push(`${id}: source must say where the figure comes from`);
  }
  return problems;
}
