/**
 * Validation rules of the release: strategy, analysis and checks, webhooks, alerts, routing and platform.
 * Each case states the rule, the props and EVERY problem line expected (so no rule adds noise to another).
 */
import { formatProblem, isValidationError, type ValidationError } from '../../../packages/shared';
import { validateCanaryServiceProps } from '../../../packages/canary/index';

const BASE = { image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

function problems(props: Record<string, unknown>): string[] {
  try {
    validateCanaryServiceProps('podinfo', { ...BASE, ...props });
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return (err as ValidationError).problems.map(formatProblem);
  }
}

type Case = readonly [string, Record<string, unknown>, readonly string[]];

const header = (props: Record<string, unknown>) => ({ strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', value: 'insider', ...props }] } });

const STRATEGY: readonly Case[] = [
  ['strategy without kind', { strategy: { stepWeight: 10 } }, ['podinfo: strategy.kind is required: one of "canary", "abTesting", "blueGreen", "mirror"']],
  ['strategy kind unknown', { strategy: { kind: 'rolling' } }, ['podinfo: strategy.kind "rolling" must be one of "canary", "abTesting", "blueGreen", "mirror"']],
  ['both schedule forms', { strategy: { kind: 'canary', stepWeights: [5, 10], stepWeight: 5, maxWeight: 10 } }, [
    'podinfo: strategy sets both stepWeights and stepWeight/maxWeight; use exactly one schedule form',
  ]],
  ['stepWeight without maxWeight', { strategy: { kind: 'canary', stepWeight: 10 } }, ['podinfo: strategy.maxWeight is required with stepWeight (or use stepWeights)']],
  ['maxWeight without stepWeight', { strategy: { kind: 'canary', maxWeight: 50 } }, ['podinfo: strategy.stepWeight is required with maxWeight (or use stepWeights)']],
  ['maxWeight above 100', { strategy: { kind: 'canary', stepWeight: 20, maxWeight: 120 } }, ['podinfo: strategy.maxWeight (120) must be 1-100']],
  ['stepWeight above maxWeight', { strategy: { kind: 'canary', stepWeight: 60, maxWeight: 50 } }, ['podinfo: strategy.stepWeight (60) must be at most maxWeight (50)']],
  ['maxWeight not reached exactly', { strategy: { kind: 'canary', stepWeight: 20, maxWeight: 50 } }, [
    'podinfo: strategy.maxWeight (50) must be a multiple of stepWeight (20); Flagger would step past it to 60',
  ]],
  ['weight 0', { strategy: { kind: 'canary', stepWeight: 0, maxWeight: 50 } }, ['podinfo: strategy.stepWeight (0) must be 1-100']],
  ['step weights not increasing', { strategy: { kind: 'canary', stepWeights: [5, 20, 10, 50] } }, [
    'podinfo: strategy.stepWeights ([5,20,10,50]) must be strictly increasing, e.g. [5, 10, 20, 50]',
  ]],
  ['step weights repeating', { strategy: { kind: 'mirror', stepWeights: [10, 10] } }, ['podinfo: strategy.stepWeights ([10,10]) must be strictly increasing, e.g. [5, 10, 20, 50]']],
  ['step weights empty', { strategy: { kind: 'canary', stepWeights: [] } }, ['podinfo: strategy.stepWeights ([]) must list at least one weight, e.g. [5, 10, 20, 50]']],
  ['step weight above 100', { strategy: { kind: 'canary', stepWeights: [50, 150] } }, ['podinfo: strategy.stepWeights[1] (150) must be 1-100']],
  ['A/B testing without match', { strategy: { kind: 'abTesting' } }, [
    'podinfo: strategy.match is required: A/B testing sends only requests matching a header or cookie rule to the canary',
  ]],
  ['A/B testing with an empty match', { strategy: { kind: 'abTesting', match: [] } }, ['podinfo: strategy.match ([]) must have at least one header or cookie rule']],
  ['match rule kind unknown', { strategy: { kind: 'abTesting', match: [{ kind: 'query', name: 'v', value: '2' }] } }, [
    'podinfo: strategy.match[0].kind "query" must be one of "header", "cookie"',
  ]],
  ['header name not lower case', header({ name: 'X-Canary' }), [`podinfo: strategy.match[0].name "X-Canary" must be a lower-case header name (letters, digits and '-')`]],
  ['header comparison unknown', header({ match: 'contains' }), ['podinfo: strategy.match[0].match "contains" must be one of "exact", "prefix", "suffix", "regex"']],
  ['header value empty', header({ value: '' }), ['podinfo: strategy.match[0].value "" must not be empty']],
  ['header regex invalid', header({ match: 'regex', value: '(insider' }), ['podinfo: strategy.match[0].value "(insider" is not a valid regular expression']],
  ['header regex not RE2', header({ match: 'regex', value: '^(?!bot).*' }), [
    'podinfo: strategy.match[0].value "^(?!bot).*" uses lookaround or a backreference, which RE2 (the regex engine of Envoy) does not support',
  ]],
  ['cookie name invalid', { strategy: { kind: 'abTesting', match: [{ kind: 'cookie', name: 'can ary', value: 'always' }] } }, [
    "podinfo: strategy.match[0].name \"can ary\" must be a cookie name (letters, digits and !#$%&'*+.^_`|~-)",
  ]],
  ['cookie value with a semicolon', { strategy: { kind: 'abTesting', match: [{ kind: 'cookie', name: 'canary', value: 'a;b' }] } }, [
    'podinfo: strategy.match[0].value "a;b" must be a cookie value: no spaces, quotes, commas, semicolons or backslashes',
  ]],
  ['iterations out of range', { strategy: { kind: 'blueGreen', iterations: 0 } }, ['podinfo: strategy.iterations (0) must be 1-1000']],
  ['blue/green mirror weight out of range', { strategy: { kind: 'blueGreen', mirrorWeight: 101 } }, ['podinfo: strategy.mirrorWeight (101) must be 1-100']],
  ['mirror weight 0', { strategy: { kind: 'mirror', mirrorWeight: 0 } }, ['podinfo: strategy.mirrorWeight (0) must be 1-100']],
  ['field of another strategy', { strategy: { kind: 'blueGreen', stepWeight: 10 } }, ['podinfo: strategy.stepWeight is not a known field (valid fields: iterations, kind, mirrorWeight)']],
];

const ANALYSIS: readonly Case[] = [
  ['interval shorter than 10s', { analysis: { interval: '5s' } }, ['podinfo: analysis.interval "5s" must be at least 10s (Flagger silently raises shorter intervals to 10s)']],
  ['interval not whole seconds', { analysis: { interval: '30s500ms' } }, ['podinfo: analysis.interval "30s500ms" must be a whole number of seconds']],
  ['interval malformed', { analysis: { interval: '1.5m' } }, ['podinfo: analysis.interval "1.5m" must be a duration such as "30s", "1m" or "1m30s" (whole numbers of h, m, s or ms)']],
  ['threshold 0', { analysis: { threshold: 0 } }, ['podinfo: analysis.threshold (0) must be 1-100']],
  ['progress deadline shorter than the startup budget', { analysis: { progressDeadline: '1m' } }, [
    'podinfo: analysis.progressDeadline "1m" must be longer than the startup probe budget (initialDelay + period x failureThreshold = 0s + 5s x 24 = 2m), or a slow but healthy start is rolled back',
  ]],
  ['progress deadline under 30s', { analysis: { progressDeadline: '20s' } }, ['podinfo: analysis.progressDeadline "20s" must be at least 30s']],
  ['check set to true', { analysis: { checks: { successRate: true } } }, ['podinfo: analysis.checks.successRate (true) must be an object, or false to turn it off']],
  ['success rate above 100', { analysis: { checks: { successRate: { minPercent: 101 } } } }, ['podinfo: analysis.checks.successRate.minPercent (101) must be 0-100']],
  ['error rate negative', { analysis: { checks: { errorRate: { maxPercent: -1 } } } }, ['podinfo: analysis.checks.errorRate.maxPercent (-1) must be 0-100']],
  ['latency 0 ms', { analysis: { checks: { latencyP95: { maxMs: 0 } } } }, ['podinfo: analysis.checks.latencyP95.maxMs (0) must be 1-600000']],
  ['relative latency negative', { analysis: { checks: { relativeLatency: { maxSlowerPercent: -5 } } } }, ['podinfo: analysis.checks.relativeLatency.maxSlowerPercent (-5) must be 0-1000']],
  ['check window under 30s', { analysis: { checks: { latencyP99: { interval: '15s' } } } }, [
    'podinfo: analysis.checks.latencyP99.interval "15s" must be at least 30s (a rate needs at least two Prometheus scrapes)',
  ]],
  ['unknown check', { analysis: { checks: { saturation: false } } }, [
    'podinfo: analysis.checks.saturation is not a known field (valid fields: business, errorRate, latencyP95, latencyP99, relativeLatency, successRate)',
  ]],
  ['business metric without bounds', { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total[1m]))' }] } } }, [
    'podinfo: analysis.checks.business[0] needs min, max or both: the range of values that pass',
  ]],
  ['business metric min above max', { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total[1m]))', min: 5, max: 1 } ] } } }, [
    'podinfo: analysis.checks.business[0].min (5) must be at most max (1)',
  ]],
  ['business metric with an unknown template variable', { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total{pod=~"{{ pod }}"}[1m]))', min: 1 }] } } }, [
    'podinfo: analysis.checks.business[0].query uses {{ pod }}; Flagger offers {{ namespace }}, {{ target }}, {{ name }}, {{ service }}, {{ interval }}',
  ]],
  ['business metric not PromQL', { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total[{{ interval }}])', min: 1 }] } } }, [
    'podinfo: analysis.checks.business[0].query is not valid PromQL: syntax error at character 27 near "total[1m])" (with template variables filled in)',
  ]],
  ['business metric named like a built-in check', { analysis: { checks: { business: [{ name: 'error-rate', query: 'vector(1)', max: 2 }] } } }, [
    'podinfo: analysis.checks.business[0].name "error-rate" is the name of a built-in check (error-rate, latency-p95, relative-latency); choose another',
  ]],
  ['business metrics repeated', { analysis: { checks: { business: [{ name: 'orders', query: 'vector(1)', min: 1 }, { name: 'orders', query: 'vector(2)', min: 1 }] } } }, [
    'podinfo: analysis.checks.business[1].name "orders" repeats analysis.checks.business[0]',
  ]],
];

const WEBHOOKS_ALERTS_ROUTING: readonly Case[] = [
  ['acceptance command empty', { webhooks: { acceptanceTest: { command: '' } } }, ['podinfo: webhooks.acceptanceTest.command "" must not be empty']],
  ['load test path with shell characters', { webhooks: { loadTest: { path: '/;rm -rf /' } } }, [
    `podinfo: webhooks.loadTest.path "/;rm -rf /" must be a path of letters, digits and . _ ~ / % - starting with '/' (the hey command runs in a shell)`,
  ]],
  ['load test workers 0', { webhooks: { loadTest: { workers: 0 } } }, ['podinfo: webhooks.loadTest.workers (0) must be 1-100']],
  ['load test shorter than the interval', { analysis: { interval: '2m' }, webhooks: { loadTest: { duration: '1m' } } }, [
    'podinfo: webhooks.loadTest.duration "1m" must be at least analysis.interval (2m), so the canary never runs out of traffic between checks',
  ]],
  ['load test call not shorter than the interval', { webhooks: { loadTest: { timeout: '30s' } } }, [
    'podinfo: webhooks.loadTest.timeout "30s" must be shorter than analysis.interval (30s): rollout webhooks run inside every analysis step',
  ]],
  ['load test off for blue/green', { strategy: { kind: 'blueGreen' }, webhooks: { loadTest: false } }, [
    'podinfo: webhooks.loadTest (false) cannot be off for blueGreen: the green pods get no live traffic before the switch, and checks without traffic fail with "no values"',
  ]],
  ['load test off for A/B testing', { strategy: { kind: 'abTesting', match: [{ kind: 'cookie', name: 'c', value: 'v' }] }, webhooks: { loadTest: false } }, [
    'podinfo: webhooks.loadTest (false) cannot be off for abTesting: only matching requests reach the canary, and checks without traffic fail with "no values"',
  ]],
  ['gate flag not a boolean', { webhooks: { confirmPromotion: 'yes' } }, ['podinfo: webhooks.confirmPromotion "yes" must be true or false']],
  ['post-rollout URL not http(s)', { webhooks: { postRollout: { url: 'ftp://hooks.internal/' } } }, ['podinfo: webhooks.postRollout.url "ftp://hooks.internal/" must be an http(s) URL']],
  ['alert type unknown', { alerts: [{ name: 'on-call', type: 'pagerduty', secretName: 'pd' }] }, ['podinfo: alerts[0].type "pagerduty" must be one of "slack", "rocket", "msteams", "discord"']],
  ['alert webhook URL inline (value never echoed)', { alerts: [{ name: 'on-call', type: 'slack', secretName: 'https://hooks.slack.com/services/T0/B0/XXXX' }] }, [
    'podinfo: alerts[0].secretName looks like a URL: put the webhook address in a Secret\'s "address" key and give the Secret\'s name here',
  ]],
  ['alert secret name invalid', { alerts: [{ name: 'on-call', type: 'slack', secretName: 'Slack_URL' }] }, [
    `podinfo: alerts[0].secretName "Slack_URL" must be a Secret name: lower-case letters, digits, '-' and '.'`,
  ]],
  ['alert severity unknown', { alerts: [{ name: 'on-call', type: 'slack', secretName: 'slack', severity: 'critical' }] }, [
    'podinfo: alerts[0].severity "critical" must be one of "info", "warn", "error"',
  ]],
  ['alerts repeated', { alerts: [{ name: 'on-call', type: 'slack', secretName: 'a' }, { name: 'on-call', type: 'discord', secretName: 'b' }] }, [
    'podinfo: alerts[1].name "on-call" repeats alerts[0]',
  ]],
  ['ingress without hosts', { ingress: { hosts: [] } }, ['podinfo: ingress.hosts ([]) must list at least one host name']],
  ['ingress host invalid', { ingress: { hosts: ['Podinfo.Example.com'] } }, ['podinfo: ingress.hosts[0] "Podinfo.Example.com" must be a lower-case DNS name, optionally starting with "*."']],
  ['ingress hosts repeated', { ingress: { hosts: ['a.example.com', 'a.example.com'] } }, ['podinfo: ingress.hosts[1] "a.example.com" repeats ingress.hosts[0]']],
  ['ingress gateway without namespace', { ingress: { hosts: ['a.example.com'], gateway: 'public-gateway' } }, ['podinfo: ingress.gateway "public-gateway" must be "<namespace>/<gateway name>"']],
  ['retries set to true', { traffic: { retries: true } }, ['podinfo: traffic.retries (true) must be an object, or false to turn it off']],
  ['retry attempts out of range', { traffic: { retries: { attempts: 11 } } }, ['podinfo: traffic.retries.attempts (11) must be 1-10']],
  ['retry condition unknown', { traffic: { retries: { retryOn: '5xx,timeout' } } }, [
    'podinfo: traffic.retries.retryOn "5xx,timeout" has unknown retry conditions "timeout"; valid: 5xx, gateway-error, reset, connect-failure, envoy-ratelimited, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, http3-post-connect-failure, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable or a status code',
  ]],
  ['timeout shorter than the retries', { traffic: { timeout: '5s' } }, [
    'podinfo: traffic.timeout "5s" must be at least (retries.attempts + 1) x retries.perTryTimeout = 4 x 2s = 8s, or the last retries never run',
  ]],
  ['platform URL invalid', { platform: { prometheusUrl: 'prometheus:9090' } }, ['podinfo: platform.prometheusUrl "prometheus:9090" must be an http(s) URL']],
];

describe.each([
  ['strategy', STRATEGY],
  ['analysis and checks', ANALYSIS],
  ['webhooks, alerts and routing', WEBHOOKS_ALERTS_ROUTING],
] as const)('validation rules: %s', (_group, cases) => {
  it.each(cases)('rejects %s', (_rule, props, expected) => {
    expect(problems(props)).toEqual(expected);
  });
});

describe('validation accepts the valid neighbours of those rules', () => {
  it.each([
    ['a linear schedule that reaches maxWeight exactly', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 100 } }],
    ['a one-step schedule', { strategy: { kind: 'mirror', stepWeights: [50] } }],
    ['A/B testing with a regex header and a cookie', { strategy: { kind: 'abTesting', match: [{ kind: 'header', name: 'user-agent', match: 'regex', value: '.*Firefox.*' }, { kind: 'cookie', name: 'canary', value: 'always' }] } }],
    ['blue/green with mirrored traffic and no load test', { strategy: { kind: 'blueGreen', mirrorWeight: 100 }, webhooks: { loadTest: false } }],
    ['a business metric using every template variable', { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total{namespace="{{ namespace }}",app="{{ target }}",svc="{{ service }}",c="{{ name }}"}[{{ interval }}]))', min: 1 }] } } }],
    ['every check off and no retries', { analysis: { checks: { successRate: false, latencyP99: false, errorRate: false, latencyP95: false, relativeLatency: false } }, traffic: { retries: false, timeout: '100ms' } }],
    ['a wildcard ingress host', { ingress: { hosts: ['*.example.com'] } }],
    ['status codes as retry conditions', { traffic: { retries: { retryOn: '503,reset' } } }],
  ])('%s', (_what, props) => {
    expect(problems(props)).toEqual([]);
  });
});
