import { baselineInput, baselineObjects, objectsWith, type Json } from '../fixtures';
import type { RuleCases } from './types';

const podinfo = (edit: (d: Json) => void) => baselineInput({ objects: objectsWith('Deployment', 'podinfo', edit) });
const checkout = (edit: (d: Json) => void) => baselineInput({ objects: objectsWith('Rollout', 'checkout', edit) });
const cleanup = (edit: (d: Json) => void) => baselineInput({ objects: objectsWith('CronJob', 'cleanup', edit) });
const podinfoContainer = (edit: (c: Json) => void) => podinfo((d) => edit(d.spec.template.spec.containers[0]));

const DEPLOYMENT = 'apps/Deployment/podinfo';
const ROLLOUT = 'shop/Rollout/checkout';
const CRONJOB = 'apps/CronJob/cleanup';
const CONTAINER = 'spec.template.spec.containers[0]';
const CRON_CONTAINER = 'spec.jobTemplate.spec.template.spec.containers[0]';

/** A bare Pod that runs to completion (restartPolicy Never): no probes needed. */
const finishedPod = (): Json => {
  const cron = baselineObjects().find((o) => o.kind === 'CronJob') as Json;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'migrate', namespace: 'apps' }, spec: { ...cron.spec.jobTemplate.spec.template.spec, restartPolicy: 'Never' } };
};

export const WORKLOAD_CASES: Record<string, RuleCases> = {
  'workload-image-pinned': {
    passes: [
      { name: 'version tag (Deployment) and digest (Rollout)', input: baselineInput() },
      { name: 'registry with a port and a tag', input: podinfoContainer((c) => (c.image = 'registry.local:5000/team/podinfo:6.7.0')) },
    ],
    fails: [
      {
        name: 'the latest tag',
        input: podinfoContainer((c) => (c.image = 'ghcr.io/stefanprodan/podinfo:latest')),
        violations: [{ ruleId: 'workload-image-pinned', subject: DEPLOYMENT, path: `${CONTAINER}.image`, message: '("ghcr.io/stefanprodan/podinfo:latest") uses the mutable tag "latest"; pin a version tag (ghcr.io/stefanprodan/podinfo:<version>) or a digest (ghcr.io/stefanprodan/podinfo@sha256:...)' }],
      },
      {
        name: 'no tag in a CronJob (a registry port is not a tag)',
        input: cleanup((d) => (d.spec.jobTemplate.spec.template.spec.containers[0].image = 'registry.local:5000/cleanup')),
        violations: [{ ruleId: 'workload-image-pinned', subject: CRONJOB, path: `${CRON_CONTAINER}.image`, message: '("registry.local:5000/cleanup") has no tag, so it pulls "latest"; pin a version tag (registry.local:5000/cleanup:<version>) or a digest (registry.local:5000/cleanup@sha256:...)' }],
      },
      {
        name: 'a malformed digest',
        input: checkout((d) => (d.spec.template.spec.containers[0].image = 'europe-docker.pkg.dev/acme/shop/checkout@sha256:abc')),
        violations: [{ ruleId: 'workload-image-pinned', subject: ROLLOUT, path: `${CONTAINER}.image`, message: '("europe-docker.pkg.dev/acme/shop/checkout@sha256:abc") has a malformed digest; use europe-docker.pkg.dev/acme/shop/checkout@sha256:<64 hex characters>' }],
      },
    ],
  },
  'workload-resources-set': {
    passes: [{ name: 'requests and a memory limit, no CPU limit', input: baselineInput() }],
    fails: [
      {
        name: 'a CPU request and the memory limit missing',
        input: podinfoContainer((c) => {
          delete c.resources.requests.cpu;
          delete c.resources.limits;
        }),
        violations: [{ ruleId: 'workload-resources-set', subject: DEPLOYMENT, path: `${CONTAINER}.resources`, message: 'of container "podinfo" misses requests.cpu, limits.memory; set them, for example requests.cpu: 100m, limits.memory: 256Mi' }],
      },
      {
        name: 'an init container without resources',
        input: podinfo((d) => {
          const init = structuredClone(d.spec.template.spec.containers[0]);
          init.name = 'init-schema';
          delete init.resources;
          delete init.readinessProbe;
          delete init.livenessProbe;
          d.spec.template.spec.initContainers = [init];
        }),
        violations: [{ ruleId: 'workload-resources-set', subject: DEPLOYMENT, path: 'spec.template.spec.initContainers[0].resources', message: 'of container "init-schema" misses requests.cpu, requests.memory, limits.memory; set them, for example requests.cpu: 100m, requests.memory: 128Mi, limits.memory: 256Mi' }],
      },
    ],
  },
  'workload-probes-set': {
    passes: [
      { name: 'CronJob pods run to completion without probes', input: baselineInput() },
      { name: 'a Pod with restartPolicy Never', input: baselineInput({ objects: [...baselineObjects(), finishedPod()] }) },
    ],
    fails: [
      {
        name: 'a Rollout container without a readiness probe',
        input: checkout((d) => delete d.spec.template.spec.containers[0].readinessProbe),
        violations: [{ ruleId: 'workload-probes-set', subject: ROLLOUT, path: `${CONTAINER}.readinessProbe`, message: 'is missing on container "checkout"; add readinessProbe so unready pods get no traffic and hung pods restart' }],
      },
      {
        name: 'a Deployment container without any probe',
        input: podinfoContainer((c) => {
          delete c.readinessProbe;
          delete c.livenessProbe;
        }),
        violations: [{ ruleId: 'workload-probes-set', subject: DEPLOYMENT, path: `${CONTAINER}.readinessProbe`, message: 'is missing on container "podinfo" (and livenessProbe); add readinessProbe and livenessProbe so unready pods get no traffic and hung pods restart' }],
      },
    ],
  },
  'workload-run-as-non-root': {
    passes: [{ name: 'runAsNonRoot inherited from the pod securityContext', input: podinfoContainer((c) => delete c.securityContext.runAsNonRoot) }],
    fails: [
      {
        name: 'the container overrides the pod with false',
        input: podinfoContainer((c) => (c.securityContext.runAsNonRoot = false)),
        violations: [{ ruleId: 'workload-run-as-non-root', subject: DEPLOYMENT, path: `${CONTAINER}.securityContext.runAsNonRoot`, message: '(false) must be true for container "podinfo" (or set it on the pod\'s securityContext)' }],
      },
      {
        name: 'user id 0',
        input: cleanup((d) => (d.spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser = 0)),
        violations: [{ ruleId: 'workload-run-as-non-root', subject: CRONJOB, path: `${CRON_CONTAINER}.securityContext.runAsUser`, message: '(0) runs container "cleanup" as root; set a non-zero user id and runAsNonRoot: true' }],
      },
    ],
  },
  'workload-no-privileged': {
    passes: [{ name: 'allowPrivilegeEscalation false, not privileged', input: baselineInput() }],
    fails: [
      {
        name: 'a privileged container',
        input: podinfoContainer((c) => (c.securityContext.privileged = true)),
        violations: [{ ruleId: 'workload-no-privileged', subject: DEPLOYMENT, path: `${CONTAINER}.securityContext.privileged`, message: '(true) makes container "podinfo" privileged; remove it' }],
      },
      {
        name: 'privilege escalation left at its default',
        input: podinfoContainer((c) => delete c.securityContext.allowPrivilegeEscalation),
        violations: [{ ruleId: 'workload-no-privileged', subject: DEPLOYMENT, path: `${CONTAINER}.securityContext.allowPrivilegeEscalation`, message: '(not set) must be false for container "podinfo"' }],
      },
    ],
  },
  'workload-no-host-path': {
    passes: [{ name: 'emptyDir volumes', input: baselineInput() }],
    fails: [
      {
        name: 'the container runtime socket mounted',
        input: podinfo((d) => d.spec.template.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } })),
        violations: [{ ruleId: 'workload-no-host-path', subject: DEPLOYMENT, path: 'spec.template.spec.volumes[1].hostPath', message: '(volume "docker" mounts "/var/run/docker.sock" from the node) is not allowed; use emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim' }],
      },
    ],
  },
  'workload-no-host-network': {
    passes: [{ name: 'hostNetwork false', input: checkout((d) => (d.spec.template.spec.hostNetwork = false)) }],
    fails: [
      {
        name: 'hostNetwork true on a Rollout',
        input: checkout((d) => (d.spec.template.spec.hostNetwork = true)),
        violations: [{ ruleId: 'workload-no-host-network', subject: ROLLOUT, path: 'spec.template.spec.hostNetwork', message: "(true) puts the pod on the node's network; remove it and expose the pod through a Service" }],
      },
    ],
  },
  'workload-read-only-root-filesystem': {
    passes: [{ name: 'read-only root with an emptyDir at /tmp', input: baselineInput() }],
    fails: [
      {
        name: 'a writable root filesystem in a CronJob',
        input: cleanup((d) => (d.spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false)),
        violations: [{ ruleId: 'workload-read-only-root-filesystem', subject: CRONJOB, path: `${CRON_CONTAINER}.securityContext.readOnlyRootFilesystem`, message: '(false) must be true for container "cleanup"; mount an emptyDir where it writes' }],
      },
    ],
  },
  'workload-capabilities-dropped': {
    passes: [{ name: 'drop ALL and add back NET_BIND_SERVICE', input: podinfoContainer((c) => (c.securityContext.capabilities.add = ['NET_BIND_SERVICE'])) }],
    fails: [
      {
        name: 'only NET_RAW dropped and SYS_ADMIN added',
        input: podinfoContainer((c) => (c.securityContext.capabilities = { drop: ['NET_RAW'], add: ['SYS_ADMIN'] })),
        violations: [
          { ruleId: 'workload-capabilities-dropped', subject: DEPLOYMENT, path: `${CONTAINER}.securityContext.capabilities.drop`, message: '(["NET_RAW"]) must include "ALL" for container "podinfo"' },
          { ruleId: 'workload-capabilities-dropped', subject: DEPLOYMENT, path: `${CONTAINER}.securityContext.capabilities.add[0]`, message: '("SYS_ADMIN") adds a capability to container "podinfo"; only NET_BIND_SERVICE may be added back' },
        ],
      },
    ],
  },
  'workload-pdb-for-replicas': {
    passes: [
      { name: 'a PDB on the Flagger primary pods', input: baselineInput() },
      { name: 'a PDB on the canary target pods', input: baselineInput({ objects: objectsWith('PodDisruptionBudget', 'podinfo', (d) => (d.spec.selector.matchLabels.app = 'podinfo')) }) },
      {
        name: 'one replica (HPA minReplicas defaults to 1) needs no PDB',
        input: baselineInput({
          objects: objectsWith('HorizontalPodAutoscaler', 'podinfo', (d) => delete d.spec.minReplicas).filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'podinfo')),
        }),
      },
    ],
    fails: [
      {
        name: 'an HPA with minReplicas 2 and no PDB',
        input: baselineInput({ objects: baselineObjects().filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'podinfo')) }),
        violations: [{ ruleId: 'workload-pdb-for-replicas', subject: DEPLOYMENT, path: 'spec.selector', message: 'selects pods that run at least 2 replicas but no PodDisruptionBudget in namespace "apps" selects them (app=podinfo or app=podinfo-primary); add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 and that selector' }],
      },
      {
        name: 'a Rollout whose PDB selects other pods',
        input: baselineInput({ objects: objectsWith('PodDisruptionBudget', 'checkout', (d) => (d.spec.selector.matchExpressions[0].values = ['cart'])) }),
        violations: [{ ruleId: 'workload-pdb-for-replicas', subject: ROLLOUT, path: 'spec.selector', message: 'selects pods that run at least 2 replicas but no PodDisruptionBudget in namespace "shop" selects them (app=checkout); add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 and that selector' }],
      },
    ],
  },
  'hpa-min-not-above-max': {
    passes: [{ name: 'minReplicas equal to maxReplicas', input: baselineInput({ objects: objectsWith('HorizontalPodAutoscaler', 'podinfo', (d) => (d.spec.maxReplicas = 2)) }) }],
    fails: [
      {
        name: 'an HPA with min above max',
        input: baselineInput({ objects: objectsWith('HorizontalPodAutoscaler', 'podinfo', (d) => (d.spec.minReplicas = 5)) }),
        violations: [{ ruleId: 'hpa-min-not-above-max', subject: 'apps/HorizontalPodAutoscaler/podinfo', path: 'spec.minReplicas', message: '(5) is above spec.maxReplicas (4); lower the minimum or raise the maximum' }],
      },
      {
        name: "a Flagger Canary's primary scaler with min above max",
        input: baselineInput({ objects: objectsWith('Canary', 'podinfo', (d) => (d.spec.autoscalerRef.primaryScalerReplicas = { minReplicas: 3, maxReplicas: 2 })) }),
        violations: [{ ruleId: 'hpa-min-not-above-max', subject: 'apps/Canary/podinfo', path: 'spec.autoscalerRef.primaryScalerReplicas.minReplicas', message: '(3) is above spec.autoscalerRef.primaryScalerReplicas.maxReplicas (2); lower the minimum or raise the maximum' }],
      },
    ],
  },
};
