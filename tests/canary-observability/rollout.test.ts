import { stringify } from 'yaml';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { isValidationError, type KubeObject, type ValidationError } from '../../packages/shared';
import { validateObjects, validateQueriesIn } from '../../packages/validation';
import {
  ARGO_ROLLOUTS_METRICS,
  CANARY_ALERTS,
  observabilityInputFromCanary,
  renderServiceObservability,
  resolveServiceObservability,
  ROLLOUT_ALERTS,
  ruleFileOf,
  type AlertingRule,
  type ServiceObservabilityInput,
} from '../../packages/canary-observability';

const ARGO: ServiceObservabilityInput = { name: 'podinfo', namespace: 'shop', engine: 'argoRollouts' };
const props = { image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 };

function alertsOf(objects: readonly KubeObject[]): AlertingRule[] {
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  if (!rule) throw new Error('no PrometheusRule rendered');
  return ruleFileOf(rule).groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
}
function dashboardJson(objects: readonly KubeObject[]): string {
  const cm = objects.find((o) => o.kind === 'ConfigMap');
  if (!cm) throw new Error('no dashboard ConfigMap rendered');
  return Object.values(cm.data as Record<string, string>)[0];
}
function panels(objects: readonly KubeObject[]): { title: string; targets?: { expr: string }[] }[] {
  return (JSON.parse(dashboardJson(objects)) as { panels: { title: string; targets?: { expr: string }[] }[] }).panels;
}

describe('engine', () => {
  it("defaults to 'flagger'", () => {
    expect(resolveServiceObservability({ name: 'podinfo', namespace: 'shop' }).engine).toBe('flagger');
  });

  it('rejects an unknown engine, naming the valid ones', () => {
    try {
      renderServiceObservability({ ...ARGO, engine: 'spinnaker' as never });
      throw new Error('expected a ValidationError');
    } catch (err) {
      if (!isValidationError(err)) throw err;
      expect((err as ValidationError).problems.map((p) => `${p.subject}: ${p.path} ${p.message}`)).toEqual([
        'podinfo: engine ("spinnaker") must be one of flagger, argoRollouts',
      ]);
    }
  });
});

describe('observabilityInputFromCanary: engine switch', () => {
  it.each([
    ['flagger (the default)', {}, 'flagger'],
    ['argoRollouts', { engine: 'argoRollouts' as const }, 'argoRollouts'],
  ])('takes the engine of a %s CanaryService', (_name, extra, engine) => {
    const spec = validateCanaryServiceProps('podinfo', { ...props, ...extra }, { namespace: 'shop' });
    expect(observabilityInputFromCanary(spec).engine).toBe(engine);
  });

  it('renders Argo Rollouts alerts for an Argo Rollouts CanaryService, with the same stuck threshold as on Flagger', () => {
    const argo = validateCanaryServiceProps('podinfo', { ...props, engine: 'argoRollouts' }, { namespace: 'shop' });
    const flagger = validateCanaryServiceProps('podinfo', props, { namespace: 'shop' });
    const argoAlerts = alertsOf(renderServiceObservability(observabilityInputFromCanary(argo)));
    const flaggerAlerts = alertsOf(renderServiceObservability(observabilityInputFromCanary(flagger)));
    expect(argoAlerts.map((a) => a.alert).filter((a) => a.startsWith('Rollout'))).toEqual([ROLLOUT_ALERTS.aborted, ROLLOUT_ALERTS.stuck]);
    const stuck = (alerts: AlertingRule[], name: string) => alerts.find((a) => a.alert === name)?.for;
    expect(stuck(argoAlerts, ROLLOUT_ALERTS.stuck)).toBe(stuck(flaggerAlerts, CANARY_ALERTS.stuck));
  });
});

describe('renderServiceObservability for an Argo Rollouts service', () => {
  const objects = renderServiceObservability(ARGO);

  it('renders the release alerts from rollout_info, none from Flagger (snapshot of the release group)', () => {
    const rule = ruleFileOf(objects[0]);
    const release = rule.groups.find((g) => g.name === 'shop-podinfo-canary');
    expect(stringify(release)).toMatchSnapshot();
    const names = alertsOf(objects).map((a) => a.alert);
    for (const flaggerAlert of Object.values(CANARY_ALERTS)) expect(names).not.toContain(flaggerAlert);
    expect(JSON.stringify(objects)).not.toContain('flagger_');
  });

  it('fires RolloutAborted on phase Abort and RolloutStuckProgressing on Progressing or Paused, after stuckAfterSeconds', () => {
    const byName = Object.fromEntries(alertsOf(objects).map((a) => [a.alert, a]));
    expect(byName[ROLLOUT_ALERTS.aborted].expr).toBe(
      `max by (name, namespace) (${ARGO_ROLLOUTS_METRICS.info}{name="podinfo",namespace="shop",phase=~"Abort"})`,
    );
    expect(byName[ROLLOUT_ALERTS.aborted].labels).toEqual({ service: 'podinfo', severity: 'warning' });
    expect(byName[ROLLOUT_ALERTS.stuck]).toMatchObject({
      expr: `max by (name, namespace) (${ARGO_ROLLOUTS_METRICS.info}{name="podinfo",namespace="shop",phase=~"Progressing|Paused"})`,
      for: '30m',
    });
  });

  it('renders every release setting: failedSeverity, stuckAfterSeconds, alertLabels and runbookUrl', () => {
    const custom = renderServiceObservability({
      ...ARGO,
      canaryAlerts: { stuckAfterSeconds: 2700, failedSeverity: 'critical' },
      alertLabels: { team: 'shop' },
      runbookUrl: 'https://runbooks.example.com/podinfo',
    });
    const byName = Object.fromEntries(alertsOf(custom).map((a) => [a.alert, a]));
    expect(byName[ROLLOUT_ALERTS.aborted].labels).toEqual({ team: 'shop', service: 'podinfo', severity: 'critical' });
    expect(byName[ROLLOUT_ALERTS.aborted].annotations?.runbook_url).toBe('https://runbooks.example.com/podinfo');
    expect(byName[ROLLOUT_ALERTS.stuck].for).toBe('45m');
  });

  it('renders objects that pass their upstream schemas and PromQL that parses', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(validateQueriesIn(objects)).toEqual([]);
  });

  it('compares revisions by destination_canonical_revision, never a <name>-primary workload', () => {
    const json = dashboardJson(objects);
    expect(json).not.toContain('podinfo-primary');
    expect(json).not.toContain('flagger_');
    const titles = panels(objects).map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Phase',
        'Traffic share by revision (stable and canary)',
        'Request rate by revision',
        'Success rate by revision',
        'P95 latency by revision',
        'Logs of podinfo (every revision)',
      ]),
    );
    const exprs = (title: string) => panels(objects).find((p) => p.title === title)?.targets?.map((t) => t.expr) ?? [];
    expect(exprs('Success rate by revision')[0]).toContain('sum by (destination_canonical_revision)');
    expect(exprs('Success rate by revision')[0]).toContain('destination_workload="podinfo"');
    expect(exprs('Phase')[0]).toBe('max by (phase) (rollout_info{name="podinfo",namespace="shop"})');
    expect(exprs('Logs of podinfo (every revision)')[0]).toBe('{namespace="shop", pod=~"podinfo-[a-z0-9]+-[a-z0-9]+"}');
  });

  it('lays out its panels (snapshot of titles and queries)', () => {
    expect(panels(objects).map((p) => ({ title: p.title, queries: p.targets?.map((t) => t.expr) }))).toMatchSnapshot();
  });
});
