/**
 * Every prop reaches the output (no prop is accepted and then ignored), and rendering is deterministic.
 */
import { Duration, renderCanaryService, validateCanaryServiceProps, type CanaryServiceProps } from '../../packages/canary/index';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

const render = (props: Partial<CanaryServiceProps>): string => JSON.stringify(renderCanaryService({ ...BASE, ...props } as CanaryServiceProps & { name: string }));

const probe = (which: string, field: string, value: unknown) => ({ probes: { [which]: { [field]: value } } });
const check = (name: string, field: string, value: unknown) => ({ analysis: { checks: { [name]: { [field]: value } } } });

/** [prop path, props that set it to a non-default value, a fragment of the rendered JSON that shows it]. */
const CASES: readonly (readonly [string, Partial<CanaryServiceProps>, string])[] = [
  ['name', { name: 'shop-api' }, '"app":"shop-api-primary"'],
  ['namespace', { namespace: 'team-a' }, '"namespace":"team-a"'],
  ['image', { image: 'ghcr.io/stefanprodan/podinfo:6.7.1' }, '"image":"ghcr.io/stefanprodan/podinfo:6.7.1"'],
  ['port', { port: 8080 }, '"containerPort":8080'],
  ['servicePort', { servicePort: 80 }, '"port":80'],
  ['extraPorts', { extraPorts: [{ name: 'metrics', port: 9797, protocol: 'UDP' }] }, '{"containerPort":9797,"name":"metrics","protocol":"UDP"}'],
  ['metrics.port', { metrics: { port: 9797 } }, '"prometheus.io/port":"9797","prometheus.io/scrape":"true"'],
  ['metrics.path', { metrics: { port: 9797, path: '/stats' } }, '"prometheus.io/path":"/stats"'],
  ['command', { command: ['./podinfo'] }, '"command":["./podinfo"]'],
  ['args', { args: ['--level=debug'] }, '"args":["--level=debug"]'],
  ['env', { env: { LOG_LEVEL: 'debug', TOKEN: { secretKeyRef: { name: 'tok', key: 'value' } }, CFG: { configMapKeyRef: { name: 'cfg', key: 'k' } } } }, '"configMapKeyRef":{"key":"k","name":"cfg"}'],
  ['envFrom', { envFrom: [{ secretRef: { name: 'podinfo-env' } }] }, '"envFrom":[{"secretRef":{"name":"podinfo-env"}}]'],
  ['resources.requests.cpu', { resources: { requests: { cpu: '250m' } } }, '"requests":{"cpu":"250m"'],
  ['resources.requests.memory', { resources: { requests: { memory: '200Mi' } } }, '"memory":"200Mi"'],
  ['resources.limits.cpu', { resources: { limits: { cpu: '2' } } }, '"limits":{"cpu":"2"'],
  ['resources.limits.memory', { resources: { limits: { memory: '1Gi' } } }, '"memory":"1Gi"'],
  ...(['liveness', 'readiness', 'startup'] as const).flatMap((which) => [
    [`probes.${which}.path`, probe(which, 'path', `/${which}-check`), `"path":"/${which}-check"`] as const,
    [`probes.${which}.period`, probe(which, 'period', '7s'), '"periodSeconds":7'] as const,
    [`probes.${which}.timeout`, probe(which, 'timeout', '3s'), '"timeoutSeconds":3'] as const,
    [`probes.${which}.failureThreshold`, probe(which, 'failureThreshold', 9), '"failureThreshold":9'] as const,
    [`probes.${which}.initialDelay`, probe(which, 'initialDelay', '4s'), '"initialDelaySeconds":4'] as const,
  ]),
  ['shutdown.preStopSleep', { shutdown: { preStopSleep: '15s' } }, '"sleep":{"seconds":15}'],
  ['shutdown.terminationGracePeriod', { shutdown: { terminationGracePeriod: '60s' } }, '"terminationGracePeriodSeconds":60'],
  ['rollingUpdate.maxSurge', { rollingUpdate: { maxSurge: 2 } }, '"maxSurge":2'],
  ['rollingUpdate.maxUnavailable', { rollingUpdate: { maxUnavailable: '10%' } }, '"maxUnavailable":"10%"'],
  ['scaling.kind', { scaling: { kind: 'fixed', replicas: 4 } }, '"replicas":4'],
  ['scaling.minReplicas', { scaling: { kind: 'autoscaled', minReplicas: 3 } }, '"minReplicas":3'],
  ['scaling.maxReplicas', { scaling: { kind: 'autoscaled', maxReplicas: 30 } }, '"maxReplicas":30'],
  ['scaling.targetCpuUtilization', { scaling: { kind: 'autoscaled', targetCpuUtilization: 55 } }, '"averageUtilization":55'],
  ['security.runAsUser', { security: { runAsUser: 10001 } }, '"runAsUser":10001'],
  ['security.runAsGroup', { security: { runAsGroup: 10002 } }, '"fsGroup":10002'],
  ['tmpSizeLimit', { tmpSizeLimit: '1Gi' }, '"sizeLimit":"1Gi"'],
  ['topologySpread.maxSkew', { topologySpread: { maxSkew: 2 } }, '"maxSkew":2'],
  ['topologySpread.whenUnsatisfiable', { topologySpread: { whenUnsatisfiable: 'DoNotSchedule' } }, '"whenUnsatisfiable":"DoNotSchedule"'],
  ['serviceAccount.annotations', { serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'podinfo@p.iam.gserviceaccount.com' } } }, '"iam.gke.io/gcp-service-account":"podinfo@p.iam.gserviceaccount.com"'],
  ['serviceAccount.automountToken', { serviceAccount: { automountToken: true } }, '"automountServiceAccountToken":true'],
  ['labels', { labels: { team: 'storefront' } }, '"team":"storefront"'],
  ['podAnnotations', { podAnnotations: { 'prometheus.io/scrape': 'true' } }, '"prometheus.io/scrape":"true"'],
  ['ingress.hosts', { ingress: { hosts: ['podinfo.example.com'] } }, '"hosts":["podinfo.example.com","podinfo"]'],
  ['ingress.gateway', { ingress: { hosts: ['podinfo.example.com'], gateway: 'edge/internal-gateway' } }, '"gateways":["edge/internal-gateway","mesh"]'],
  ['traffic.timeout', { traffic: { timeout: '20s' } }, '"timeout":"20s"'],
  ['traffic.retries', { traffic: { retries: false } }, '"targetPort":9898,"timeout":"10s"'],
  ['traffic.retries.attempts', { traffic: { retries: { attempts: 2 } } }, '"attempts":2'],
  ['traffic.retries.perTryTimeout', { traffic: { retries: { perTryTimeout: '1s' } } }, '"perTryTimeout":"1s"'],
  ['traffic.retries.retryOn', { traffic: { retries: { retryOn: 'connect-failure' } } }, '"retryOn":"connect-failure"'],
  ['strategy.kind', { strategy: { kind: 'blueGreen' } }, '"iterations":10'],
  ['strategy.stepWeights', { strategy: { kind: 'canary', stepWeights: [1, 2, 4] } }, '"stepWeights":[1,2,4]'],
  ['strategy.stepWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '"stepWeight":25'],
  ['strategy.maxWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '"maxWeight":75'],
  ['strategy.match', { strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-beta', match: 'prefix', value: 'yes' }] } }, '"x-beta":{"prefix":"yes"}'],
  ['strategy.iterations', { strategy: { kind: 'blueGreen', iterations: 7 } }, '"iterations":7'],
  ['strategy.mirrorWeight', { strategy: { kind: 'mirror', mirrorWeight: 30 } }, '"mirror":true,"mirrorWeight":30'],
  ['analysis.interval', { analysis: { interval: '45s' } }, '"interval":"45s"'],
  ['analysis.threshold', { analysis: { threshold: 5 } }, '"threshold":5'],
  ['analysis.progressDeadline', { analysis: { progressDeadline: '7m' } }, '"progressDeadlineSeconds":420'],
  ['analysis.checks.successRate.minPercent', check('successRate', 'minPercent', 99.5), '"min":99.5'],
  ['analysis.checks.successRate.interval', check('successRate', 'interval', '2m'), '"interval":"2m","name":"request-success-rate"'],
  ['analysis.checks.latencyP99.maxMs', check('latencyP99', 'maxMs', 800), '"max":800'],
  ['analysis.checks.latencyP99.interval', check('latencyP99', 'interval', '2m'), '"interval":"2m","name":"request-duration"'],
  ['analysis.checks.errorRate.maxPercent', check('errorRate', 'maxPercent', 0.5), '"max":0.5'],
  ['analysis.checks.errorRate.interval', check('errorRate', 'interval', '2m'), '"interval":"2m","name":"error-rate"'],
  ['analysis.checks.latencyP95.maxMs', check('latencyP95', 'maxMs', 250), '"max":250'],
  ['analysis.checks.latencyP95.interval', check('latencyP95', 'interval', '2m'), '"interval":"2m","name":"latency-p95"'],
  ['analysis.checks.relativeLatency.maxSlowerPercent', check('relativeLatency', 'maxSlowerPercent', 25), '"max":1.25'],
  ['analysis.checks.relativeLatency.interval', check('relativeLatency', 'interval', '2m'), '"interval":"2m","name":"relative-latency"'],
  ['analysis.checks.business', { analysis: { checks: { business: [{ name: 'signups', query: 'sum(rate(signups_total[{{ interval }}]))', min: 0.5, max: 100, interval: '5m' }] } } }, '"interval":"5m","name":"signups","templateRef":{"name":"podinfo-signups","namespace":"shop"},"thresholdRange":{"max":100,"min":0.5}'],
  ['webhooks.acceptanceTest.command', { webhooks: { acceptanceTest: { command: 'bats /tests/acceptance.bats' } } }, '"cmd":"bats /tests/acceptance.bats"'],
  ['webhooks.acceptanceTest.timeout', { webhooks: { acceptanceTest: { timeout: '2m' } } }, '"timeout":"2m","type":"pre-rollout"'],
  ['webhooks.loadTest.path', { webhooks: { loadTest: { path: '/api/info' } } }, 'http://podinfo-canary.shop:9898/api/info'],
  ['webhooks.loadTest.workers', { webhooks: { loadTest: { workers: 4 } } }, '-c 4 '],
  ['webhooks.loadTest.ratePerWorker', { webhooks: { loadTest: { ratePerWorker: 25 } } }, '-q 25 '],
  ['webhooks.loadTest.duration', { webhooks: { loadTest: { duration: '2m' } } }, 'hey -z 2m '],
  ['webhooks.loadTest.timeout', { webhooks: { loadTest: { timeout: '10s' } } }, '"timeout":"10s","type":"rollout"'],
  ['webhooks.confirmRollout', { webhooks: { confirmRollout: true } }, '"type":"confirm-rollout"'],
  ['webhooks.confirmPromotion', { webhooks: { confirmPromotion: true } }, '"type":"confirm-promotion"'],
  ['webhooks.rollbackGate', { webhooks: { rollbackGate: false } }, '"name":"load-test","timeout":"5s","type":"rollout","url":"http://flagger-loadtester.flagger-system/"}]'],
  ['webhooks.postRollout', { webhooks: { postRollout: { url: 'https://notify.ops/', timeout: '3s' } } }, '{"name":"post-rollout","timeout":"3s","type":"post-rollout","url":"https://notify.ops/"}'],
  ['alerts', { alerts: [{ name: 'chat', type: 'rocket', secretName: 'rocket-url', severity: 'info', channel: 'releases', username: 'deployer' }] }, '{"channel":"releases","secretRef":{"name":"rocket-url"},"type":"rocket","username":"deployer"}'],
  ['platform.prometheusUrl', { platform: { prometheusUrl: 'http://thanos-query.monitoring:9090' } }, '"address":"http://thanos-query.monitoring:9090"'],
  ['platform.loadTesterUrl', { platform: { loadTesterUrl: 'http://loadtester.team-a:8080' } }, '"url":"http://loadtester.team-a:8080/rollback/check"'],
];

describe('every prop reaches the output', () => {
  const defaultOutput = render({});

  it.each(CASES)('%s', (_path, props, fragment) => {
    const output = render(props);
    expect(output).not.toBe(defaultOutput);
    expect(output).toContain(fragment);
  });

  it('the table covers every field of the resolved spec and every optional prop', () => {
    const leaves: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Duration.isDuration(value) || value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
        leaves.push(path);
        return;
      }
      for (const [key, v] of Object.entries(value)) walk(v, path === '' ? key : `${path}.${key}`);
    };
    walk(validateCanaryServiceProps('podinfo', BASE), '');
    const optional = ['command', 'args', 'metrics.port', 'metrics.path', 'ingress.hosts', 'ingress.gateway', 'traffic.retries', 'strategy.stepWeight', 'strategy.maxWeight', 'strategy.match', 'strategy.iterations', 'strategy.mirrorWeight', 'webhooks.postRollout'];
    // `engine` chooses the renderer rather than a field: see the next test.
    const covered = new Set([...CASES.map(([path]) => path), 'engine']);
    expect([...leaves, ...optional].filter((path) => !covered.has(path))).toEqual([]);
  });
});

describe('engine', () => {
  it("'flagger' (the default) renders the Flagger engine's objects", () => {
    expect(render({ engine: 'flagger' })).toBe(render({}));
    expect(renderCanaryService({ ...BASE, engine: 'flagger' }).map((o) => o.kind)).toContain('Canary');
  });
});

describe('rendering is deterministic', () => {
  const FULL = { ...BASE, alerts: [{ name: 'chat', type: 'slack' as const, secretName: 's' }], env: { B: 'b', A: 'a' }, labels: { z: '1', a: '2' } };

  it('gives the same bytes for the same input', () => {
    expect(JSON.stringify(renderCanaryService(FULL))).toBe(JSON.stringify(renderCanaryService(FULL)));
  });

  it('gives the same objects from props and from the resolved spec', () => {
    expect(renderCanaryService(validateCanaryServiceProps('podinfo', FULL))).toEqual(renderCanaryService(FULL));
  });

  it('sorts label keys whatever order they were given in, and keeps env in the order given', () => {
    const deployment = renderCanaryService(FULL).find((o) => o.kind === 'Deployment') as any;
    expect(Object.keys(deployment.metadata.labels)).toEqual(['a', 'app', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'z']);
    expect(deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['B', 'A']);
  });

  it('never shares objects between calls, so callers may change what they get', () => {
    const first = renderCanaryService(FULL) as any[];
    first[1].spec.template.spec.containers[0].image = 'changed:1';
    first[0].metadata.labels.extra = 'x';
    expect(JSON.stringify(renderCanaryService(FULL))).not.toContain('changed:1');
    expect(JSON.stringify(renderCanaryService(FULL))).not.toContain('"extra"');
  });
});
