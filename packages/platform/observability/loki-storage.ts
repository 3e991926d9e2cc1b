/**
 * Loki's cloud parts: the GCS bucket, the GCP service account Loki runs as, its access to the bucket and the
 * Workload Identity binding of Loki's Kubernetes service account. Shared by {@link Observability} and the
 * GitOps-mode composition (where Pulumi creates only the cloud parts and Flux installs the chart).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { OBSERVABILITY_DEFAULTS, type ResolvedObservabilitySettings } from './args';
import { lokiBucketSettings, workloadIdentityMember } from './loki-values';

/** The resources {@link lokiStorage} creates. */
export interface LokiStorage {
  /** The bucket (protected unless `loki.protect: false`). */
  readonly bucket: gcp.storage.Bucket;
  /** The GCP service account Loki runs as. */
  readonly serviceAccount: gcp.serviceaccount.Account;
  /** `roles/storage.objectAdmin` on the bucket for that account. */
  readonly bucketAccess: gcp.storage.BucketIAMMember;
  /** Loki's Kubernetes service account may act as that account. */
  readonly workloadIdentity: gcp.serviceaccount.IAMMember;
}

/** Creates Loki's cloud parts as children of `parent`, named `${name}-loki-*`. */
export function lokiStorage(name: string, s: ResolvedObservabilitySettings, parent: pulumi.Resource): LokiStorage {
  const bucket = new gcp.storage.Bucket(`${name}-loki-bucket`, lokiBucketSettings(s), { parent, protect: s.loki.protect });
  const serviceAccount = new gcp.serviceaccount.Account(
    `${name}-loki-sa`,
    { project: s.project, accountId: `${s.clusterName}-loki`.slice(0, 30), displayName: 'Loki (GCS object storage)' },
    { parent },
  );
  const bucketAccess = new gcp.storage.BucketIAMMember(
    `${name}-loki-bucket-access`,
    { bucket: bucket.name, role: 'roles/storage.objectAdmin', member: pulumi.interpolate`serviceAccount:${serviceAccount.email}` },
    { parent },
  );
  const workloadIdentity = new gcp.serviceaccount.IAMMember(
    `${name}-loki-workload-identity`,
    {
      serviceAccountId: serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: workloadIdentityMember(s.workloadPool, OBSERVABILITY_DEFAULTS.namespace, OBSERVABILITY_DEFAULTS.lokiServiceAccount),
    },
    { parent },
  );
  return { bucket, serviceAccount, bucketAccess, workloadIdentity };
}
