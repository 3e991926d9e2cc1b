import { podSpecOf } from '../support/pod-specs';
import type { Finding, PolicyRule } from '../types';
import { asArray, asRecord, isUnknown, show, subPath } from '../support/values';
import { eachContainer } from './workload-containers';

/** A container's `securityContext` (empty when unset). */
function securityContextOf(container: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return asRecord(container.securityContext) ?? {};
}

export const workloadRunAsNonRoot: PolicyRule = {
  id: 'workload-run-as-non-root',
  severity: 'error',
  description: 'Every container runs as a non-root user: `runAsNonRoot: true` on the container or the pod, and never `runAsUser: 0`.',
  rationale: 'A process running as root turns any container escape or writable host mount into root on the node.',
  remediation: 'Set `securityContext.runAsNonRoot: true` (pod or container) and a non-zero `runAsUser`; build the image with a non-root USER.',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name }, pod) => {
      const podContext = asRecord(pod.spec.securityContext) ?? {};
      const context = securityContextOf(container);
      const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
      const runAsUser = context.runAsUser ?? podContext.runAsUser;
      if (isUnknown(runAsNonRoot) || isUnknown(runAsUser)) return undefined;
      if (runAsUser === 0) {
        const where = context.runAsUser !== undefined ? subPath(path, 'securityContext', 'runAsUser') : subPath(pod.path, 'securityContext', 'runAsUser');
        return { path: where, message: `(0) runs container "${name}" as root; set a non-zero user id and runAsNonRoot: true` };
      }
      if (runAsNonRoot !== true) {
        return {
          path: subPath(path, 'securityContext', 'runAsNonRoot'),
          message: `(${show(runAsNonRoot)}) must be true for container "${name}" (or set it on the pod's securityContext)`,
        };
      }
      return undefined;
    }),
};

export const workloadNoPrivileged: PolicyRule = {
  id: 'workload-no-privileged',
  severity: 'error',
  description: 'No container is privileged or may gain privileges: `privileged` is not true and `allowPrivilegeEscalation` is false.',
  rationale: 'A privileged container has every capability and all host devices; privilege escalation lets a setuid binary become root.',
  remediation: 'Remove `securityContext.privileged: true` and set `securityContext.allowPrivilegeEscalation: false` on every container.',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name }) => {
      const context = securityContextOf(container);
      const out: Finding[] = [];
      if (context.privileged === true) {
        out.push({ path: subPath(path, 'securityContext', 'privileged'), message: `(true) makes container "${name}" privileged; remove it` });
      }
      const escalation = context.allowPrivilegeEscalation;
      if (escalation !== false && !isUnknown(escalation)) {
        out.push({
          path: subPath(path, 'securityContext', 'allowPrivilegeEscalation'),
          message: `(${show(escalation)}) must be false for container "${name}"`,
        });
      }
      return out;
    }),
};

export const workloadNoHostPath: PolicyRule = {
  id: 'workload-no-host-path',
  severity: 'error',
  description: 'No pod mounts a `hostPath` volume.',
  rationale: "A hostPath volume exposes the node's filesystem (container runtime socket, kubelet credentials) to the pod.",
  remediation: 'Use `emptyDir`, a ConfigMap/Secret volume or a PersistentVolumeClaim instead of `hostPath`.',
  checkObject: (obj) => {
    const pod = podSpecOf(obj);
    if (!pod) return [];
    const out: Finding[] = [];
    asArray(pod.spec.volumes).forEach((raw, index) => {
      const volume = asRecord(raw);
      const hostPath = asRecord(volume?.hostPath);
      if (!volume || !hostPath) return;
      out.push({
        path: subPath(pod.path, 'volumes', index, 'hostPath'),
        message: `(volume ${show(volume.name)} mounts ${show(hostPath.path)} from the node) is not allowed; use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim`,
      });
    });
    return out;
  },
};

export const workloadNoHostNetwork: PolicyRule = {
  id: 'workload-no-host-network',
  severity: 'error',
  description: "No pod uses the node's network namespace (`hostNetwork: true`).",
  rationale: "A pod on the host network bypasses NetworkPolicy and the mesh sidecar, and can bind and sniff the node's ports.",
  remediation: 'Remove `hostNetwork: true`; expose the pod through a Service.',
  checkObject: (obj) => {
    const pod = podSpecOf(obj);
    if (!pod || pod.spec.hostNetwork !== true) return [];
    return [{ path: subPath(pod.path, 'hostNetwork'), message: "(true) puts the pod on the node's network; remove it and expose the pod through a Service" }];
  },
};

export const workloadReadOnlyRootFilesystem: PolicyRule = {
  id: 'workload-read-only-root-filesystem',
  severity: 'error',
  description: 'Every container has a read-only root filesystem.',
  rationale: 'A writable root filesystem lets an attacker drop tools and persist changes inside the container.',
  remediation: 'Set `securityContext.readOnlyRootFilesystem: true`; mount an `emptyDir` at paths the app writes to (for example /tmp).',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name }) => {
      const value = securityContextOf(container).readOnlyRootFilesystem;
      if (value === true || isUnknown(value)) return undefined;
      return {
        path: subPath(path, 'securityContext', 'readOnlyRootFilesystem'),
        message: `(${show(value)}) must be true for container "${name}"; mount an emptyDir where it writes`,
      };
    }),
};

/** The only capability a restricted pod may add back (Pod Security Standards, restricted profile). */
const ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set(['NET_BIND_SERVICE']);

export const workloadCapabilitiesDropped: PolicyRule = {
  id: 'workload-capabilities-dropped',
  severity: 'error',
  description: 'Every container drops all Linux capabilities (`capabilities.drop: [ALL]`) and adds back none but NET_BIND_SERVICE.',
  rationale: 'Default capabilities such as NET_RAW and CHOWN are rarely needed and widen what a compromised process can do.',
  remediation: 'Set `securityContext.capabilities.drop: ["ALL"]` and remove any `capabilities.add` other than NET_BIND_SERVICE.',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name }) => {
      const capabilities = asRecord(securityContextOf(container).capabilities) ?? {};
      if (isUnknown(capabilities.drop)) return undefined;
      const out: Finding[] = [];
      const drop = asArray(capabilities.drop);
      if (!drop.includes('ALL')) {
        out.push({
          path: subPath(path, 'securityContext', 'capabilities', 'drop'),
          message: `(${show(capabilities.drop)}) must include "ALL" for container "${name}"`,
        });
      }
      asArray(capabilities.add).forEach((cap, index) => {
        if (typeof cap === 'string' && ADDABLE_CAPABILITIES.has(cap)) return;
        out.push({
          path: subPath(path, 'securityContext', 'capabilities', 'add', index),
          message: `(${show(cap)}) adds a capability to container "${name}"; only NET_BIND_SERVICE may be added back`,
        });
      });
      return out;
    }),
};
