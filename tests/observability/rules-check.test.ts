/**
 * `promtool check rules` on every rule file this project renders: the default and a fully configured service,
 * the platform rules, and the rules of every CanaryService declared in the project's stack files. promtool
 * parses each expression with Prometheus' own parser and checks the alert templates.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  observabilityInputFromCanary,
  renderPlatformObservability,
  renderServiceObservability,
  ruleFileOf,
  type ServiceObservabilityInput,
} from '../../packages/canary-observability';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import type { KubeObject } from '../../packages/shared';
import { parseStackConfig } from '../../stacks/platform/config';
import { describeWithPromtool } from '../support/promtool';
import { rawStackConfig } from '../support/stack-config';

const FULL: ServiceObservabilityInput = {
  name: 'checkout',
  namespace: 'payments',
  slo: {
    availabilityObjectivePercent: 99.5,
    latencyObjectivePercent: 95,
    latencyThresholdMs: 0.5,
    burnRateWindows: [
      { longWindowSeconds: 7200, shortWindowSeconds: 600, burnRate: 10, severity: 'critical' },
      { longWindowSeconds: 5400, shortWindowSeconds: 90, burnRate: 2, severity: 'info' },
    ],
  },
  canaryAlerts: { stuckAfterSeconds: 2700, noTrafficForSeconds: 45, failedSeverity: 'critical' },
  alertLabels: { team: 'payments' },
  runbookUrl: 'https://runbooks.example.com/checkout?service="checkout"',
};

const STACKS = readdirSync(resolve(__dirname, '..', '..'))
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();

/** The PrometheusRules of every CanaryService of a stack file. */
function stackRules(stack: string): [string, KubeObject][] {
  const { raw, secretKeys, file } = rawStackConfig(stack);
  const config = parseStackConfig(raw, { file, secretKeys });
  return config.services.map(({ namespace, ...props }) => {
    const spec = validateCanaryServiceProps(String(props.name), props, { namespace });
    const [rule] = renderServiceObservability(observabilityInputFromCanary(spec));
    return [`${file}: ${namespace}/${spec.name}`, rule];
  });
}

const RULES: [string, KubeObject][] = [
  ['default service', renderServiceObservability({ name: 'podinfo', namespace: 'shop' })[0]],
  ['fully configured service', renderServiceObservability(FULL)[0]],
  ['Argo Rollouts service (default)', renderServiceObservability({ name: 'podinfo', namespace: 'shop', engine: 'argoRollouts' })[0]],
  ['Argo Rollouts service (fully configured)', renderServiceObservability({ ...FULL, engine: 'argoRollouts' })[0]],
  ['platform (defaults)', renderPlatformObservability()[0]],
  ['platform (custom)', renderPlatformObservability({ prometheusJob: 'prometheus "k8s"', downForSeconds: 90, runbookUrl: 'https://x.example.com/{{$labels.job}}' })[0]],
  ...STACKS.flatMap(stackRules),
];

describe('the rule files under test', () => {
  it('include the rules of every CanaryService of every stack file', () => {
    expect(STACKS.length).toBeGreaterThan(0);
    expect(RULES.length).toBeGreaterThan(4);
  });
});

describeWithPromtool('promtool check rules on every rendered rule file', (promtool) => {
  it.each(RULES)('%s', (_name, rule) => {
    const file = ruleFileOf(rule);
    const count = file.groups.reduce((n, g) => n + g.rules.length, 0);
    const result = promtool.checkRules({ 'rules.yaml': file });
    expect(result.output).toContain(`SUCCESS: ${count} rules found`);
    expect(result.ok).toBe(true);
  });

  it('rejects a broken rule file (the check is real)', () => {
    const result = promtool.checkRules({ 'rules.yaml': { groups: [{ name: 'g', rules: [{ alert: 'X', expr: 'sum(rate(x[5m])' }] }] } });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('FAILED');
  });
});
