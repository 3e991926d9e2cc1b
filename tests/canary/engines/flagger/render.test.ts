/**
 * The Flagger engine (the default): what the minimal spec renders, as requirements, plus a small snapshot of the
 * default render's objects and key fields.
 */
import { stringify } from 'yaml';
import { errorRateQuery, FLAGGER_PRIMARY_WORKLOAD, FLAGGER_SELECTOR, p95LatencyQuery, relativeLatencyQuery, renderCanaryService } from '../../../../packages/canary';
import { PLATFORM_CONTRACT, sortKeys, type KubeObject } from '../../../../packages/shared';
import { keyFields } from '../key-fields';

const MINIMAL = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

function find(objects: readonly KubeObject[], kind: string, name = 'podinfo'): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found as Record<string, any>;
}

const objects = renderCanaryService(MINIMAL);
const deployment = find(objects, 'Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const canary = find(objects, 'Canary');

describe('renderCanaryService(minimal spec)', () => {
  it('renders ServiceAccount, Deployment, Service, HPA, PDB, three MetricTemplates and the Canary, in apply order', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'v1 ServiceAccount/podinfo',
      'apps/v1 Deployment/podinfo',
      'v1 Service/podinfo',
      'autoscaling/v2 HorizontalPodAutoscaler/podinfo',
      'policy/v1 PodDisruptionBudget/podinfo',
      'flagger.app/v1beta1 MetricTemplate/podinfo-error-rate',
      'flagger.app/v1beta1 MetricTemplate/podinfo-latency-p95',
      'flagger.app/v1beta1 MetricTemplate/podinfo-relative-latency',
      'flagger.app/v1beta1 Canary/podinfo',
    ]);
  });

  it('matches the snapshot of its objects and key fields', () => {
    expect(stringify(keyFields(objects))).toMatchSnapshot();
  });

  it('puts every object in the namespace with the selector and recommended labels', () => {
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('shop');
      expect(o.metadata.labels).toEqual({ app: 'podinfo', 'app.kubernetes.io/managed-by': 'canary-platform', 'app.kubernetes.io/name': 'podinfo' });
    }
  });

  it('does not render what Flagger creates: no VirtualService, DestinationRule, or -primary/-canary objects', () => {
    expect(objects.filter((o) => ['VirtualService', 'DestinationRule'].includes(o.kind))).toEqual([]);
    expect(objects.filter((o) => /-(primary|canary)$/.test(o.metadata.name))).toEqual([]);
  });

  it('returns keys sorted, exactly as sortKeys would', () => {
    expect(objects).toEqual(sortKeys(objects));
    expect(JSON.stringify(objects)).toBe(JSON.stringify(sortKeys(objects)));
  });
});

describe('Deployment', () => {
  it('pins the image and names the main port http', () => {
    expect(container.image).toBe('ghcr.io/stefanprodan/podinfo:6.7.0');
    expect(container.ports).toEqual([{ containerPort: 9898, name: 'http', protocol: 'TCP' }]);
  });

  it('selects pods by app=<name>, the label Flagger rewrites to <name>-primary for the primary', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'podinfo' } });
    expect(deployment.spec.template.metadata.labels.app).toBe('podinfo');
  });

  it('omits replicas when an HPA owns scaling', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it('sets requests and limits', () => {
    expect(container.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
  });

  it('probes liveness, readiness and startup over HTTP on the named port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe).toEqual({ failureThreshold: 24, httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2 });
  });

  it('restarts after 3 failed liveness probes 10s apart, and unreadies after 2 failed readiness probes 5s apart, 2s timeouts', () => {
    expect(container.livenessProbe).toEqual({ failureThreshold: 3, httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2 });
    expect(container.readinessProbe).toEqual({ failureThreshold: 2, httpGet: { path: '/readyz', port: 'http' }, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2 });
  });

  it('pulls the pinned image only when missing, makes the app the default container and injects no service links', () => {
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'podinfo' });
    expect(pod.enableServiceLinks).toBe(false);
  });

  it('pauses in preStop (sleep action) for less time than the termination grace period', () => {
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(pod.terminationGracePeriodSeconds).toBe(40);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds);
  });

  it('rolls out with surge and without unavailability', () => {
    expect(deployment.spec.strategy).toEqual({ rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' });
  });

  it('runs as non-root with a read-only root filesystem, no capabilities, no privilege escalation and RuntimeDefault seccomp', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext).toEqual({ fsGroup: 65532, runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('gives the read-only container a writable /tmp emptyDir', () => {
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ emptyDir: { sizeLimit: '64Mi' }, name: 'tmp' }]);
  });

  it('spreads pods across zones and nodes, selecting app=<name> so Flagger rewrites it for the primary', () => {
    expect(pod.topologySpreadConstraints).toEqual([
      { labelSelector: { matchLabels: { app: 'podinfo' } }, matchLabelKeys: ['pod-template-hash'], maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      { labelSelector: { matchLabels: { app: 'podinfo' } }, matchLabelKeys: ['pod-template-hash'], maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
    ]);
  });

  it('runs as its own ServiceAccount without an API token', () => {
    expect(pod.serviceAccountName).toBe('podinfo');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  it('sets the progress deadline Flagger uses, so the primary inherits it', () => {
    expect(deployment.spec.progressDeadlineSeconds).toBe(300);
    expect(canary.spec.progressDeadlineSeconds).toBe(300);
  });
});

describe('Service, HPA and PodDisruptionBudget', () => {
  it('renders the apex Service exactly as Flagger reconciles it: selector app=<name>-primary, one TCP port named http', () => {
    expect(find(objects, 'Service').spec).toEqual({
      ports: [{ name: 'http', port: 9898, protocol: 'TCP', targetPort: 9898 }],
      selector: { app: 'podinfo-primary' },
      type: 'ClusterIP',
    });
    expect(canary.spec.service).toMatchObject({ port: 9898, portDiscovery: false, portName: 'http', targetPort: 9898 });
  });

  it('scales the Deployment with an autoscaling/v2 HPA on CPU that the Canary references', () => {
    expect(find(objects, 'HorizontalPodAutoscaler').spec).toEqual({
      maxReplicas: 10,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70, type: 'Utilization' } }, type: 'Resource' }],
      minReplicas: 2,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    });
    expect(canary.spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'podinfo' });
  });

  it('protects the primary pods (which serve traffic between releases) with a PodDisruptionBudget', () => {
    expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'podinfo-primary' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('adds a PodDisruptionBudget only when more than one replica runs', () => {
    const kinds = (scaling: object) => renderCanaryService({ ...MINIMAL, scaling } as never).map((o) => o.kind);
    expect(kinds({ kind: 'autoscaled', minReplicas: 1 })).not.toContain('PodDisruptionBudget');
    expect(kinds({ kind: 'fixed', replicas: 1 })).not.toContain('PodDisruptionBudget');
    expect(kinds({ kind: 'fixed', replicas: 3 })).toContain('PodDisruptionBudget');
  });

  it('sets replicas, and renders no HPA and no autoscalerRef, when scaling is fixed', () => {
    const fixed = renderCanaryService({ ...MINIMAL, scaling: { kind: 'fixed', replicas: 3 } });
    expect(find(fixed, 'Deployment').spec.replicas).toBe(3);
    expect(fixed.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
    expect(find(fixed, 'Canary').spec).not.toHaveProperty('autoscalerRef');
  });
});

describe('Canary', () => {
  it('targets the Deployment on the Istio provider, querying the platform Prometheus', () => {
    expect(canary.spec).toMatchObject({
      metricsServer: PLATFORM_CONTRACT.prometheusUrl,
      provider: 'istio',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    });
  });

  it('routes in the mesh only by default, with ISTIO_MUTUAL, a timeout and safe retries', () => {
    expect(canary.spec.service).toMatchObject({
      gateways: ['mesh'],
      hosts: ['podinfo'],
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
      timeout: '10s',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
  });

  it('analyses every 30s, rolls back after 2 failed checks, on the schedule 5, 10, 20, 50', () => {
    expect(canary.spec.analysis).toMatchObject({ interval: '30s', stepWeights: [5, 10, 20, 50], threshold: 2 });
  });

  it('checks builtin success rate and P99 duration, and error rate, P95 and relative latency through MetricTemplates', () => {
    expect(canary.spec.analysis.metrics).toEqual([
      { interval: '1m', name: 'request-success-rate', thresholdRange: { min: 99 } },
      { interval: '1m', name: 'request-duration', thresholdRange: { max: 500 } },
      { interval: '1m', name: 'error-rate', templateRef: { name: 'podinfo-error-rate', namespace: 'shop' }, thresholdRange: { max: 1 } },
      { interval: '1m', name: 'latency-p95', templateRef: { name: 'podinfo-latency-p95', namespace: 'shop' }, thresholdRange: { max: 300 } },
      { interval: '1m', name: 'relative-latency', templateRef: { name: 'podinfo-relative-latency', namespace: 'shop' }, thresholdRange: { max: 1.1 } },
    ]);
  });

  it('renders MetricTemplates on the Prometheus provider at the platform address', () => {
    for (const name of ['podinfo-error-rate', 'podinfo-latency-p95', 'podinfo-relative-latency']) {
      expect(find(objects, 'MetricTemplate', name).spec.provider).toEqual({ address: PLATFORM_CONTRACT.prometheusUrl, type: 'prometheus' });
    }
    expect(find(objects, 'MetricTemplate', 'podinfo-relative-latency').spec.query).toContain('destination_workload="{{ target }}-primary"');
  });

  it('queries with Flagger\'s template variables, leaving the load tester out of the relative latency on both sides', () => {
    expect(find(objects, 'MetricTemplate', 'podinfo-error-rate').spec.query).toBe(errorRateQuery(FLAGGER_SELECTOR));
    expect(find(objects, 'MetricTemplate', 'podinfo-latency-p95').spec.query).toBe(p95LatencyQuery(FLAGGER_SELECTOR));
    expect(find(objects, 'MetricTemplate', 'podinfo-relative-latency').spec.query).toBe(
      relativeLatencyQuery({ ...FLAGGER_SELECTOR, excludeSource: { namespace: 'flagger-system', workload: 'flagger-loadtester' } }, FLAGGER_PRIMARY_WORKLOAD),
    );
  });

  it('runs an acceptance test before traffic, a load test at the canary address and a rollback gate, through flagger-loadtester', () => {
    expect(canary.spec.analysis.webhooks).toEqual([
      {
        metadata: { cmd: 'curl -sSf --max-time 10 -o /dev/null http://podinfo-canary.shop:9898/readyz', type: 'bash' },
        name: 'acceptance-test',
        timeout: '30s',
        type: 'pre-rollout',
        url: 'http://flagger-loadtester.flagger-system/',
      },
      { metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.shop:9898/', type: 'cmd' }, name: 'load-test', timeout: '5s', type: 'rollout', url: 'http://flagger-loadtester.flagger-system/' },
      { name: 'rollback-gate', type: 'rollback', url: 'http://flagger-loadtester.flagger-system/rollback/check' },
    ]);
  });

  it('renders no alerts and no AlertProviders unless alerts are configured', () => {
    expect(canary.spec.analysis).not.toHaveProperty('alerts');
    expect(objects.map((o) => o.kind)).not.toContain('AlertProvider');
  });
});
