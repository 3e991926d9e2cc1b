/**
 * Kubernetes types that charts take as values and copy into their objects as they are (`toYaml .Values.resources`):
 * a container's resources and security context. A chart's values.yaml shows an example of such a value (istiod:
 * requests only; Flagger's security context: a read-only root and a user id), not every field of the type, so the
 * values walk compares what the platform sets there with the type's fields instead of the example's keys: a field
 * of the type the example leaves out is fine, a key that is no field of it (a typo) is not.
 */

/** A field whose value is not compared further (a quantity map, a list, a scalar). */
const ANY = null;

/** Fields of a Kubernetes type, nested where the type nests (`capabilities.drop`). */
export type KubernetesFields = { readonly [field: string]: KubernetesFields | typeof ANY };

const PROFILE: KubernetesFields = { type: ANY, localhostProfile: ANY };
const SE_LINUX: KubernetesFields = { level: ANY, role: ANY, type: ANY, user: ANY };
const WINDOWS: KubernetesFields = { gmsaCredentialSpec: ANY, gmsaCredentialSpecName: ANY, hostProcess: ANY, runAsUserName: ANY };

/**
 * The Kubernetes types recognised in charts' values (core/v1 as of Kubernetes 1.33), each by its fields and the
 * fields that identify it in an example. `SecurityContext` holds the fields of both the container's and the pod's
 * (charts use one key or the other, some one map for both).
 */
export const KUBERNETES_VALUE_TYPES: Readonly<Record<string, { readonly fields: KubernetesFields; readonly identifiedBy: readonly string[] }>> = {
  ResourceRequirements: {
    fields: { requests: ANY, limits: ANY, claims: ANY },
    identifiedBy: ['requests', 'limits'],
  },
  SecurityContext: {
    fields: {
      allowPrivilegeEscalation: ANY,
      appArmorProfile: PROFILE,
      capabilities: { add: ANY, drop: ANY },
      privileged: ANY,
      procMount: ANY,
      readOnlyRootFilesystem: ANY,
      runAsGroup: ANY,
      runAsNonRoot: ANY,
      runAsUser: ANY,
      seLinuxOptions: SE_LINUX,
      seccompProfile: PROFILE,
      windowsOptions: WINDOWS,
      // PodSecurityContext only
      fsGroup: ANY,
      fsGroupChangePolicy: ANY,
      seLinuxChangePolicy: ANY,
      supplementalGroups: ANY,
      supplementalGroupsPolicy: ANY,
      sysctls: ANY,
    },
    identifiedBy: ['allowPrivilegeEscalation', 'capabilities', 'privileged', 'readOnlyRootFilesystem', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seccompProfile', 'fsGroup'],
  },
};

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The fields of the Kubernetes type a chart's example value is of, or undefined: the example must have a field
 * that identifies the type and no key that is not a field of it (so a chart's own wrapper, such as Flagger's
 * `securityContext: { enabled, context }`, is not taken for the type).
 */
export function kubernetesTypeOf(example: unknown): KubernetesFields | undefined {
  if (!isMap(example)) return undefined;
  const keys = Object.keys(example);
  for (const type of Object.values(KUBERNETES_VALUE_TYPES)) {
    if (keys.some((k) => type.identifiedBy.includes(k)) && keys.every((k) => k in type.fields)) return type.fields;
  }
  return undefined;
}
