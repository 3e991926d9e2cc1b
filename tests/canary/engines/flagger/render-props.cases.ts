/**
 * The Flagger engine's rows of the render-props harness (../render-props.test.ts): props whose output is the
 * Canary, its MetricTemplates, webhooks and AlertProviders. Flagger renders every prop; it rejects none.
 */
import { check, type EngineCases } from '../render-props.cases';

export const FLAGGER_CASES: EngineCases = {
  engine: 'flagger',
  ownKind: 'Canary',
  alert: { name: 'chat', type: 'slack', secretName: 'slack-url', channel: 'releases' },
  rendered: [
    ['name', { name: 'shop-api' }, '"app":"shop-api-primary"'],
    ['servicePort', { servicePort: 80 }, '"port":80'],
    ['traffic.retries', { traffic: { retries: false } }, '"targetPort":9898,"timeout":"10s"'],
    ['strategy.kind', { strategy: { kind: 'blueGreen' } }, '"iterations":10'],
    ['strategy.stepWeights', { strategy: { kind: 'canary', stepWeights: [1, 2, 4] } }, '"stepWeights":[1,2,4]'],
    ['strategy.stepWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '"stepWeight":25'],
    ['strategy.maxWeight', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 75 } }, '"maxWeight":75'],
    ['strategy.match', { strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-beta', match: 'prefix', value: 'yes' }] } }, '"x-beta":{"prefix":"yes"}'],
    ['strategy.iterations', { strategy: { kind: 'blueGreen', iterations: 7 } }, '"iterations":7'],
    ['strategy.mirrorWeight', { strategy: { kind: 'mirror', mirrorWeight: 30 } }, '"mirror":true,"mirrorWeight":30'],
    ['analysis.threshold', { analysis: { threshold: 5 } }, '"threshold":5'],
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
    ['webhooks.acceptanceTest.timeout', { webhooks: { acceptanceTest: { timeout: '2m' } } }, '"timeout":"2m","type":"pre-rollout"'],
    ['webhooks.loadTest.timeout', { webhooks: { loadTest: { timeout: '10s' } } }, '"timeout":"10s","type":"rollout"'],
    ['webhooks.confirmRollout', { webhooks: { confirmRollout: true } }, '"type":"confirm-rollout"'],
    ['webhooks.confirmPromotion', { webhooks: { confirmPromotion: true } }, '"type":"confirm-promotion"'],
    ['webhooks.rollbackGate', { webhooks: { rollbackGate: false } }, '"name":"load-test","timeout":"5s","type":"rollout","url":"http://flagger-loadtester.flagger-system/"}]'],
    ['analysis.judge', { analysis: { judge: { maxHold: '45m' } } }, '\\"maxHold\\":\\"45m\\"'],
    ['webhooks.postRollout', { webhooks: { postRollout: { url: 'https://notify.ops/', timeout: '3s' } } }, '{"name":"post-rollout","timeout":"3s","type":"post-rollout","url":"https://notify.ops/"}'],
    ['alerts', { alerts: [{ name: 'chat', type: 'rocket', secretName: 'rocket-url', severity: 'info', channel: 'releases', username: 'deployer' }] }, '{"channel":"releases","secretRef":{"name":"rocket-url"},"type":"rocket","username":"deployer"}'],
    ['platform.loadTesterUrl', { platform: { loadTesterUrl: 'http://loadtester.team-a:8080' } }, '"url":"http://loadtester.team-a:8080/rollback/check"'],
  ],
  rejected: [],
  notRendered: [],
};
