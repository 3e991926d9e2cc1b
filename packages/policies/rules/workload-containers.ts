import type { KubeObject } from '../../shared';
import { containersOf, podSpecOf, type ContainerLocation, type PodSpecLocation } from '../support/pod-specs';
import type { Finding, PolicyRule } from '../types';
import { asRecord, getPath, isUnknown, show, subPath } from '../support/values';

/** Runs `check` on every container of the object's pod spec; no findings for objects that are not workloads. */
export function eachContainer(
  obj: KubeObject,
  check: (container: ContainerLocation, pod: PodSpecLocation) => Finding | Finding[] | undefined,
): Finding[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  return containersOf(pod).flatMap((c) => {
    const result = check(c, pod);
    return result === undefined ? [] : Array.isArray(result) ? result : [result];
  });
}

/** Splits an image reference into its name, tag and digest (`registry:5000/app:1.2@sha256:...`). */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { name: withoutDigest, digest };
  return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;

export const workloadImagePinned: PolicyRule = {
  id: 'workload-image-pinned',
  severity: 'error',
  description: 'Every container image is pinned by a version tag or a digest; `latest` and untagged images are refused.',
  rationale:
    'A mutable tag makes a rollout unrepeatable: the canary and the primary can run different code under the same spec, and a rollback does not restore what ran before.',
  remediation: 'Set the image to a version tag (`ghcr.io/org/app:1.4.2`) or a digest (`ghcr.io/org/app@sha256:...`).',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path }) => {
      const image = container.image;
      const at = subPath(path, 'image');
      if (isUnknown(image)) return undefined;
      if (typeof image !== 'string' || image.trim() === '') {
        return { path: at, message: 'is not set; set an image pinned by a version tag or a digest' };
      }
      const { name, tag, digest } = parseImage(image);
      if (digest !== undefined) {
        return DIGEST.test(digest)
          ? undefined
          : { path: at, message: `(${show(image)}) has a malformed digest; use ${name}@sha256:<64 hex characters>` };
      }
      if (tag === undefined || tag === '') {
        return { path: at, message: `(${show(image)}) has no tag, so it pulls "latest"; pin a version tag (${name}:<version>) or a digest (${name}@sha256:...)` };
      }
      if (tag === 'latest') {
        return { path: at, message: `(${show(image)}) uses the mutable tag "latest"; pin a version tag (${name}:<version>) or a digest (${name}@sha256:...)` };
      }
      return undefined;
    }),
};

/** The resource settings every container must declare. `limits.cpu` is deliberately optional (see the rationale). */
const REQUIRED_RESOURCES: ReadonlyArray<{ readonly field: 'requests' | 'limits'; readonly resource: 'cpu' | 'memory'; readonly example: string }> = [
  { field: 'requests', resource: 'cpu', example: '100m' },
  { field: 'requests', resource: 'memory', example: '128Mi' },
  { field: 'limits', resource: 'memory', example: '256Mi' },
];

export const workloadResourcesSet: PolicyRule = {
  id: 'workload-resources-set',
  severity: 'error',
  description: 'Every container sets CPU and memory requests and a memory limit.',
  rationale:
    'Requests let the scheduler place pods and the HPA compute utilisation; a memory limit keeps one leaking pod from starving its node. A CPU limit is not required: it throttles latency-sensitive services without protecting the node.',
  remediation: 'Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container.',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name }) => {
      const resources = container.resources;
      if (isUnknown(resources)) return undefined;
      const missing = REQUIRED_RESOURCES.filter(({ field, resource }) => {
        const value = getPath(resources, [field, resource]);
        return value === undefined || value === null || value === '';
      });
      if (missing.length === 0) return undefined;
      const list = missing.map((m) => `${m.field}.${m.resource}`).join(', ');
      const example = missing.map((m) => `${m.field}.${m.resource}: ${m.example}`).join(', ');
      return {
        path: subPath(path, 'resources'),
        message: `of container "${name}" misses ${list}; set them, for example ${example}`,
      };
    }),
};

export const workloadProbesSet: PolicyRule = {
  id: 'workload-probes-set',
  severity: 'error',
  description: 'Every long-running container has a readiness probe and a liveness probe.',
  rationale:
    'Without a readiness probe traffic (and canary weight) reaches pods that cannot serve; without a liveness probe a hung process is never restarted. Jobs, CronJobs and init containers that run to completion are exempt.',
  remediation: 'Add `readinessProbe` and `livenessProbe` (HTTP, gRPC, TCP or exec) to every app container.',
  checkObject: (obj) =>
    eachContainer(obj, ({ container, path, name, runsToCompletion }, pod) => {
      if (!pod.longRunning || runsToCompletion) return undefined;
      const missing = (['readinessProbe', 'livenessProbe'] as const).filter((probe) => asRecord(container[probe]) === undefined && !isUnknown(container[probe]));
      if (missing.length === 0) return undefined;
      return {
        path: subPath(path, missing[0]),
        message: `is missing on container "${name}"${missing.length > 1 ? ' (and livenessProbe)' : ''}; add ${missing.join(' and ')} so unready pods get no traffic and hung pods restart`,
      };
    }),
};
