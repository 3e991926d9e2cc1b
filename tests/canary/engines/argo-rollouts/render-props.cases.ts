/**
 * The Argo Rollouts engine's rows of the render-props harness (../render-props.test.ts): props whose output is
 * the Rollout, its steps, AnalysisTemplates, VirtualService and notification annotations; the props this engine
 * rejects; and the two the parity table documents as not rendered (the rollback gate is built into Argo Rollouts;
 * an alert's Secret is not read because the controller posts with its own Slack token).
 */
import { check, type EngineCases } from '../render-props.cases';

const slack = { name: 'releases', type: 'slack', secretName: 'slack-webhook', channel: 'releases' } as const;

export const ARGO_ROLLOUTS_CASES: EngineCases = {
  engine: 'argoRollouts',
  ownKind: 'Rollout',
  alert: slack,
  rendered: [
    ['name', { name: 'shop-api' }, '"kind":"Rollout","metadata":{"labels":{"app":"shop-api"'],
    ['servicePort', { servicePort: 80 }, '"port":{"number":80}'],
    ['traffic.retries', { traffic: { retries: false } }, '"name":"primary","route":'],
    ['strategy.kind', { strategy: { kind: 'blueGreen' } }, '"blueGreen":{"activeService":"podinfo"'],
    ['strategy.stepWeights', { strategy: { kind: 'canary', stepWeights: [1, 2, 4] } }, '{"setWeight":1},{"pause":{"duration":"30s"}},{"setWeight":2}'],
    ['strategy.stepWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '{"setWeight":25},{"pause":{"duration":"30s"}},{"setWeight":50}'],
    ['strategy.maxWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '{"setWeight":75},{"pause":{"duration":"1m"}}]'],
    ['strategy.match', { strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-beta', match: 'prefix', value: 'yes' }] } }, '{"headerName":"x-beta","headerValue":{"prefix":"yes"}}'],
    ['strategy.iterations', { strategy: { kind: 'blueGreen', iterations: 7 } }, '"count":8'],
    ['strategy.mirrorWeight', { strategy: { kind: 'mirror', mirrorWeight: 30 } }, '"percentage":30'],
    ['analysis.threshold', { analysis: { threshold: 5 } }, '"failureLimit":4'],
    ['analysis.judge', { analysis: { judge: { alpha: 0.02, maxHold: '45m' } } }, '"gate":"rollback","namespace":"shop","settings":{"alpha":0.02,'],
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
    ['webhooks.acceptanceTest.timeout', { webhooks: { acceptanceTest: { timeout: '2m' } } }, '"timeoutSeconds":120'],
    ['webhooks.loadTest.timeout', { webhooks: { loadTest: { timeout: '10s' } } }, '"timeoutSeconds":10'],
    ['webhooks.confirmRollout', { webhooks: { confirmRollout: true } }, '"steps":[{"pause":{}}'],
    ['webhooks.confirmPromotion', { webhooks: { confirmPromotion: true } }, '{"pause":{}}]'],
    ['alerts', { alerts: [slack] }, '"notifications.argoproj.io/subscribe.on-rollout-aborted.slack":"releases"'],
    ['alerts[].severity', { alerts: [{ ...slack, severity: 'info' }] }, '"notifications.argoproj.io/subscribe.on-rollout-completed.slack":"releases"'],
    ['platform.loadTesterUrl', { platform: { loadTesterUrl: 'http://loadtester.team-a:8080' } }, '"url":"http://loadtester.team-a:8080/"'],
  ],
  rejected: [
    ['webhooks.postRollout', { webhooks: { postRollout: { url: 'https://notify.ops/' } } }],
    ['alerts[].username', { alerts: [{ ...slack, username: 'deployer' }] }],
    ['alerts[].type', { alerts: [{ ...slack, type: 'rocket' }] }],
  ],
  notRendered: [
    ['webhooks.rollbackGate', { webhooks: { rollbackGate: false } }, 'On-call aborts a release at once'],
    ['alerts[].secretName', { alerts: [{ ...slack, secretName: 'other-secret' }] }, 'Alert webhook Secret'],
  ],
};
