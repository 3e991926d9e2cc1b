/**
 * Every prop reaches the Argo Rollouts output, or is rejected for this engine, or is one of the two the parity
 * table documents as not rendered (the rollback gate is built into Argo Rollouts; an alert's Secret is not read
 * because the controller posts with its own Slack token). No prop is accepted and silently ignored.
 */
import { Duration, renderCanaryService, validateCanaryServiceProps, type CanaryServiceProps } from '../../../../packages/canary';
import { PARITY_TABLE } from '../../../../packages/canary/spec/parity';

const BASE = { name: 'podinfo', namespace: 'shop', engine: 'argoRollouts', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

const render = (props: Partial<CanaryServiceProps>): string => JSON.stringify(renderCanaryService({ ...BASE, ...props } as CanaryServiceProps & { name: string }));
const probe = (which: string, field: string, value: unknown) => ({ probes: { [which]: { [field]: value } } });
const check = (name: string, field: string, value: unknown) => ({ analysis: { checks: { [name]: { [field]: value } } } });
const slack = { name: 'releases', type: 'slack', secretName: 'slack-webhook', channel: 'releases' } as const;

/** [prop path, props that set it to a non-default value, a fragment of the rendered JSON that shows it]. */
const RENDERED: readonly (readonly [string, Partial<CanaryServiceProps>, string])[] = [
  ['name', { name: 'shop-api' }, '"kind":"Rollout","metadata":{"labels":{"app":"shop-api"'],
  ['namespace', { namespace: 'team-a' }, '"namespace":"team-a"'],
  ['image', { image: 'ghcr.io/stefanprodan/podinfo:6.7.1' }, '"image":"ghcr.io/stefanprodan/podinfo:6.7.1"'],
  ['port', { port: 8080 }, '"containerPort":8080'],
  ['servicePort', { servicePort: 80 }, '"port":{"number":80}'],
  ['extraPorts', { extraPorts: [{ name: 'metrics', port: 9797, protocol: 'UDP' }] }, '{"containerPort":9797,"name":"metrics","protocol":"UDP"}'],
  ['metrics.port', { metrics: { port: 9797 } }, '"prometheus.io/port":"9797","prometheus.io/scrape":"true"'],
  ['metrics.path', { metrics: { port: 9797, path: '/stats' } }, '"prometheus.io/path":"/stats"'],
  ['command', { command: ['./podinfo'] }, '"command":["./podinfo"]'],
  ['args', { args: ['--level=debug'] }, '"args":["--level=debug"]'],
  ['env', { env: { LOG_LEVEL: 'debug' } }, '"env":[{"name":"LOG_LEVEL","value":"debug"}]'],
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
  ['traffic.retries', { traffic: { retries: false } }, '"name":"primary","route":'],
  ['traffic.retries.attempts', { traffic: { retries: { attempts: 2 } } }, '"attempts":2'],
  ['traffic.retries.perTryTimeout', { traffic: { retries: { perTryTimeout: '1s' } } }, '"perTryTimeout":"1s"'],
  ['traffic.retries.retryOn', { traffic: { retries: { retryOn: 'connect-failure' } } }, '"retryOn":"connect-failure"'],
  ['strategy.kind', { strategy: { kind: 'blueGreen' } }, '"blueGreen":{"activeService":"podinfo"'],
  ['strategy.stepWeights', { strategy: { kind: 'canary', stepWeights: [1, 2, 4] } }, '{"setWeight":1},{"pause":{"duration":"30s"}},{"setWeight":2}'],
  ['strategy.stepWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '{"setWeight":25},{"pause":{"duration":"30s"}},{"setWeight":50}'],
  ['strategy.maxWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '{"setWeight":75},{"pause":{"duration":"1m"}}]'],
  ['strategy.match', { strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-beta', match: 'prefix', value: 'yes' }] } }, '{"headerName":"x-beta","headerValue":{"prefix":"yes"}}'],
  ['strategy.iterations', { strategy: { kind: 'blueGreen', iterations: 7 } }, '"count":8'],
  ['strategy.mirrorWeight', { strategy: { kind: 'mirror', mirrorWeight: 30 } }, '"percentage":30'],
  ['analysis.interval', { analysis: { interval: '45s' } }, '"interval":"45s"'],
  ['analysis.threshold', { analysis: { threshold: 5 } }, '"failureLimit":4'],
  ['analysis.progressDeadline', { analysis: { progressDeadline: '7m' } }, '"progressDeadlineSeconds":420'],
  ['analysis.checks.successRate.minPercent', check('successRate', 'minPercent', 99.5), 'result[0] >= 99.5'],
  ['analysis.checks.successRate.interval', check('successRate', 'interval', '2m'), 'response_code!~\\"5..\\"}[2m]'],
  ['analysis.checks.latencyP99.maxMs', check('latencyP99', 'maxMs', 800), 'result[0] <= 800'],
  ['analysis.checks.latencyP99.interval', check('latencyP99', 'interval', '2m'), 'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter=\\"destination\\", destination_workload_namespace=\\"shop\\", destination_workload=\\"podinfo\\", destination_canonical_revision=\\"{{args.canary-revision}}\\"}[2m]'],
  ['analysis.checks.errorRate.maxPercent', check('errorRate', 'maxPercent', 0.5), 'result[0] <= 0.5'],
  ['analysis.checks.errorRate.interval', check('errorRate', 'interval', '2m'), 'response_code=~\\"5..\\"}[2m]'],
  ['analysis.checks.latencyP95.maxMs', check('latencyP95', 'maxMs', 250), 'result[0] <= 250'],
  ['analysis.checks.latencyP95.interval', check('latencyP95', 'interval', '2m'), '"name":"latency-p95","provider":{"prometheus":{"address":"http://kube-prometheus-stack-prometheus.monitoring:9090","query":"histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter=\\"destination\\", destination_workload_namespace=\\"shop\\", destination_workload=\\"podinfo\\", destination_canonical_revision=\\"{{args.canary-revision}}\\"}[2m]'],
  ['analysis.checks.relativeLatency.maxSlowerPercent', check('relativeLatency', 'maxSlowerPercent', 25), 'result[0] <= 1.25'],
  ['analysis.checks.relativeLatency.interval', check('relativeLatency', 'interval', '2m'), 'destination_canonical_revision!=\\"{{args.canary-revision}}\\", source_workload!=\\"flagger-loadtester\\"}[2m]'],
  ['analysis.checks.business', { analysis: { checks: { business: [{ name: 'signups', query: 'sum(rate(signups_total[{{ interval }}]))', min: 0.5, max: 100, interval: '5m' }] } } }, '"name":"signups","provider":{"prometheus":{"address":"http://kube-prometheus-stack-prometheus.monitoring:9090","query":"sum(rate(signups_total[5m]))"}},"successCondition":"len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.5 && result[0] <= 100"'],
  ['webhooks.acceptanceTest.command', { webhooks: { acceptanceTest: { command: 'bats /tests/acceptance.bats' } } }, '"cmd":"bats /tests/acceptance.bats"'],
  ['webhooks.acceptanceTest.timeout', { webhooks: { acceptanceTest: { timeout: '2m' } } }, '"timeoutSeconds":120'],
  ['webhooks.loadTest.path', { webhooks: { loadTest: { path: '/api/info' } } }, 'http://podinfo-canary.shop:9898/api/info'],
  ['webhooks.loadTest.workers', { webhooks: { loadTest: { workers: 4 } } }, '-c 4 '],
  ['webhooks.loadTest.ratePerWorker', { webhooks: { loadTest: { ratePerWorker: 25 } } }, '-q 25 '],
  ['webhooks.loadTest.duration', { webhooks: { loadTest: { duration: '2m' } } }, 'hey -z 2m '],
  ['webhooks.loadTest.timeout', { webhooks: { loadTest: { timeout: '10s' } } }, '"timeoutSeconds":10'],
  ['webhooks.confirmRollout', { webhooks: { confirmRollout: true } }, '"steps":[{"pause":{}}'],
  ['webhooks.confirmPromotion', { webhooks: { confirmPromotion: true } }, '{"pause":{}}]'],
  ['alerts', { alerts: [slack] }, '"notifications.argoproj.io/subscribe.on-rollout-aborted.slack":"releases"'],
  ['alerts[].severity', { alerts: [{ ...slack, severity: 'info' }] }, '"notifications.argoproj.io/subscribe.on-rollout-completed.slack":"releases"'],
  ['platform.prometheusUrl', { platform: { prometheusUrl: 'http://thanos-query.monitoring:9090' } }, '"address":"http://thanos-query.monitoring:9090"'],
  ['platform.loadTesterUrl', { platform: { loadTesterUrl: 'http://loadtester.team-a:8080' } }, '"url":"http://loadtester.team-a:8080/"'],
];

/** Props rejected for this engine (parity.test.ts has their messages). */
const REJECTED: readonly (readonly [string, Partial<CanaryServiceProps>])[] = [
  ['webhooks.postRollout', { webhooks: { postRollout: { url: 'https://notify.ops/' } } }],
  ['alerts[].username', { alerts: [{ ...slack, username: 'deployer' }] }],
  ['alerts[].type', { alerts: [{ ...slack, type: 'rocket' }] }],
];

/** Props the parity table documents as not rendered for this engine, with the table row that says why. */
const NOT_RENDERED: readonly (readonly [string, Partial<CanaryServiceProps>, string])[] = [
  ['webhooks.rollbackGate', { webhooks: { rollbackGate: false } }, 'On-call aborts a release at once'],
  ['alerts[].secretName', { alerts: [{ ...slack, secretName: 'other-secret' }] }, 'Alert webhook Secret'],
];

describe('every prop reaches the Argo Rollouts output', () => {
  const defaultOutput = render({});

  it.each(RENDERED)('%s', (_path, props, fragment) => {
    const output = render(props);
    expect(output).not.toBe(defaultOutput);
    expect(output).toContain(fragment);
  });

  it.each(REJECTED)('%s is rejected for this engine', (_path, props) => {
    expect(() => render(props)).toThrow('is not supported by engine "argoRollouts"');
  });

  it.each(NOT_RENDERED)('%s is documented as not rendered', (_path, props, row) => {
    expect(render(props)).toBe(render(props.alerts ? { alerts: [slack] } : {}));
    expect(PARITY_TABLE.map((r) => r.feature)).toContain(row);
  });

  it('the tables cover every field of the resolved spec and every optional prop', () => {
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
    const covered = new Set([...RENDERED, ...REJECTED, ...NOT_RENDERED].map(([path]) => path).concat('engine'));
    expect([...leaves, ...optional].filter((path) => !covered.has(path))).toEqual([]);
  });
});
