import { stringify } from 'yaml';
import { PLATFORM_CONTRACT, type KubeObject } from '../../packages/shared';
import { validateObjects, validateQueriesIn } from '../../packages/validation';
import {
  CANARY_ALERTS,
  PLATFORM_ALERTS,
  renderPlatformObservability,
  renderServiceObservability,
  ruleFileOf,
  SLO_ALERTS,
  type AlertingRule,
  type RecordingRule,
  type ServiceObservabilityInput,
} from '../../packages/canary-observability';

const MINIMAL: ServiceObservabilityInput = { name: 'podinfo', namespace: 'shop' };

const FULL: ServiceObservabilityInput = {
  name: 'checkout',
  namespace: 'payments',
  slo: {
    availabilityObjectivePercent: 99.5,
    latencyObjectivePercent: 95,
    latencyThresholdMs: 250,
    histogramBucketsMs: [50, 100, 250, 1000],
    burnRateWindows: [{ longWindowSeconds: 7200, shortWindowSeconds: 600, burnRate: 10, severity: 'critical' }],
  },
  canaryAlerts: { stuckAfterSeconds: 2700, noTrafficForSeconds: 180, failedSeverity: 'critical' },
  dashboard: {
    namespace: 'monitoring',
    folder: 'Payments',
    thresholds: { minSuccessRatePercent: 99.9, maxP95LatencyMs: 200 },
  },
  alertLabels: { team: 'payments' },
  runbookUrl: 'https://runbooks.example.com/checkout',
  ruleLabels: { release: 'kube-prometheus-stack' },
};

function rulesOf(objects: readonly KubeObject[]): (RecordingRule | AlertingRule)[] {
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  if (!rule) throw new Error('no PrometheusRule rendered');
  return ruleFileOf(rule).groups.flatMap((g) => [...g.rules]);
}
const alerts = (objects: readonly KubeObject[]) => rulesOf(objects).filter((r): r is AlertingRule => 'alert' in r);
const dashboardOf = (objects: readonly KubeObject[]) => {
  const cm = objects.find((o) => o.kind === 'ConfigMap');
  if (!cm) throw new Error('no dashboard ConfigMap rendered');
  const data = cm.data as Record<string, string>;
  return JSON.parse(data[Object.keys(data)[0]]) as {
    uid: string;
    title: string;
    panels: { id: number; title: string; type: string; targets?: { expr: string; datasource: { type: string } }[] }[];
  };
};
const panel = (objects: readonly KubeObject[], title: string) => {
  const found = dashboardOf(objects).panels.find((p) => p.title === title);
  if (!found) throw new Error(`no panel "${title}"`);
  return found;
};

describe('renderServiceObservability', () => {
  it('renders a PrometheusRule and a dashboard ConfigMap for the minimal input (snapshot)', () => {
    const objects = renderServiceObservability(MINIMAL);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'PrometheusRule/shop/podinfo-observability',
      'ConfigMap/shop/podinfo-canary-dashboard',
    ]);
    expect(stringify(objects[0])).toMatchSnapshot();
  });

  it('renders the fully configured input (snapshot of the rules)', () => {
    expect(stringify(renderServiceObservability(FULL)[0])).toMatchSnapshot();
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(JSON.stringify(renderServiceObservability(FULL))).toBe(JSON.stringify(renderServiceObservability(FULL)));
  });

  it('renders objects that pass their upstream schemas and PromQL that parses', () => {
    for (const input of [MINIMAL, FULL]) {
      const objects = renderServiceObservability(input);
      expect(validateObjects(objects)).toEqual([]);
      expect(validateQueriesIn(objects)).toEqual([]);
    }
  });

  it('pages on the SRE workbook windows by default: 1h/5m at 14.4x and 6h/30m at 6x of a 99.9% objective', () => {
    const burn = alerts(renderServiceObservability(MINIMAL)).filter((a) => a.alert === SLO_ALERTS.availability);
    expect(burn.map((a) => [a.labels.window, a.labels.severity])).toEqual([
      ['1h/5m', 'critical'],
      ['6h/30m', 'critical'],
      ['1d/2h', 'warning'],
      ['3d/6h', 'warning'],
    ]);
    expect(burn[0].expr).toContain('service:istio_requests_errors:ratio_rate1h{namespace="shop",service="podinfo"} > 0.0144');
    expect(burn[0].expr).toContain('service:istio_requests_errors:ratio_rate5m{namespace="shop",service="podinfo"} > 0.0144');
    expect(burn[1].expr).toContain('> 0.006');
  });

  it('measures latency as the share of requests above the threshold bucket, whatever the le format', () => {
    const slow = rulesOf(renderServiceObservability(MINIMAL)).find((r) => 'record' in r && r.record === 'service:istio_requests_slow:ratio_rate5m');
    expect(slow?.expr).toContain('istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="shop",destination_workload=~"podinfo|podinfo-primary",le=~"500(\\\\.0)?"}[5m]');
  });

  it('renders every setting of the full input', () => {
    const objects = renderServiceObservability(FULL);
    const rules = rulesOf(objects);
    const all = alerts(objects);
    // objectives and windows
    expect(all.find((a) => a.alert === SLO_ALERTS.availability)?.expr).toContain('ratio_rate2h{namespace="payments",service="checkout"} > 0.05');
    expect(all.find((a) => a.alert === SLO_ALERTS.latency)?.expr).toContain('ratio_rate10m{namespace="payments",service="checkout"} > 0.5');
    expect(rules.filter((r) => 'record' in r).map((r) => (r as RecordingRule).record)).toEqual([
      'service:istio_requests_errors:ratio_rate10m',
      'service:istio_requests_slow:ratio_rate10m',
      'service:istio_requests_errors:ratio_rate2h',
      'service:istio_requests_slow:ratio_rate2h',
    ]);
    expect(rules.find((r) => 'record' in r && r.record.startsWith('service:istio_requests_slow'))?.expr).toContain('le=~"250(\\\\.0)?"');
    // release alerts
    expect(all.find((a) => a.alert === CANARY_ALERTS.stuck)?.for).toBe('45m');
    expect(all.find((a) => a.alert === CANARY_ALERTS.noTraffic)?.expr).toContain('[3m]');
    expect(all.find((a) => a.alert === CANARY_ALERTS.failed)?.labels.severity).toBe('critical');
    // labels and runbook on every alert
    for (const a of all) {
      expect(a.labels.team).toBe('payments');
      expect(a.annotations.runbook_url).toBe('https://runbooks.example.com/checkout');
    }
    // rule object labels
    expect(objects[0].metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'canary-platform',
      'app.kubernetes.io/part-of': 'checkout',
      release: 'kube-prometheus-stack',
    });
    // dashboard namespace, folder and thresholds
    const cm = objects[1];
    expect(cm.metadata).toMatchObject({ name: 'payments-checkout-canary-dashboard', namespace: 'monitoring', annotations: { grafana_folder: 'Payments' } });
    expect(panel(objects, 'Success rate')).toMatchObject({ description: 'The analysis requires at least 99.9%.' });
    expect(panel(objects, 'P95 latency')).toMatchObject({ description: 'The analysis allows at most 200ms.' });
    expect(panel(objects, 'Error ratio (objective 99.5%)')).toBeDefined();
    expect(panel(objects, 'Requests slower than 250ms (objective 95%)')).toBeDefined();
  });

  it('omits the dashboard when dashboard.enabled is false', () => {
    expect(renderServiceObservability({ ...MINIMAL, dashboard: { enabled: false } }).map((o) => o.kind)).toEqual(['PrometheusRule']);
  });
});

describe('deployment dashboard', () => {
  const objects = renderServiceObservability(MINIMAL);

  it('is a ConfigMap that Grafana’s sidecar loads, with a stable uid derived from namespace and name', () => {
    const cm = objects[1];
    expect(cm.metadata.labels?.[PLATFORM_CONTRACT.grafanaDashboardLabel]).toBe('1');
    expect(Object.keys(cm.data as object)).toEqual(['canary-shop-podinfo.json']);
    expect(dashboardOf(objects).uid).toBe('canary-shop-podinfo');
  });

  it('hashes uids that would exceed Grafana’s 40 characters', () => {
    const long = renderServiceObservability({ name: 'a-very-long-service-name-for-payments', namespace: 'team-payments-production' });
    const uid = dashboardOf(long).uid;
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^canary-team-payments-production-[0-9a-f]{8}$/);
  });

  it('shows canary weight, request rate, success rate and p95 of canary vs primary, phase, rollbacks and logs', () => {
    const titles = dashboardOf(objects).panels.map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Phase',
        'Canary weight',
        'Rollbacks in range',
        'Traffic weight: canary vs primary',
        'Phase over time',
        'Request rate',
        'Success rate',
        'P95 latency',
        'Logs of podinfo and podinfo-primary',
      ]),
    );
    const targets = (title: string) => panel(objects, title).targets?.map((t) => t.expr) ?? [];
    expect(targets('Success rate')[0]).toContain('destination_workload="podinfo"');
    expect(targets('Success rate')[1]).toContain('destination_workload="podinfo-primary"');
    expect(targets('P95 latency')[1]).toContain('destination_workload="podinfo-primary"');
    expect(targets('Rollbacks in range')[0]).toBe('sum(increase(flagger_canary_failures_total{name="podinfo",namespace="shop"}[$__range]))');
    const logs = panel(objects, 'Logs of podinfo and podinfo-primary');
    expect(logs.type).toBe('logs');
    expect(logs.targets?.[0]).toMatchObject({
      expr: '{namespace="shop", pod=~"(podinfo|podinfo-primary)-[a-z0-9]+-[a-z0-9]+"}',
      datasource: { type: 'loki' },
    });
  });

  it('lays out its panels (snapshot of type, title, position, data source and queries)', () => {
    const layout = (dashboardOf(objects).panels as unknown as {
      id: number;
      type: string;
      title: string;
      gridPos: object;
      datasource?: { uid: string };
      targets?: { expr: string }[];
    }[]).map((p) => ({ id: p.id, type: p.type, title: p.title, gridPos: p.gridPos, datasource: p.datasource?.uid, queries: p.targets?.map((t) => t.expr) }));
    expect(layout).toMatchSnapshot();
  });

  it('numbers panels sequentially', () => {
    const ids = dashboardOf(objects).panels.map((p) => p.id);
    expect(ids).toEqual(ids.map((_id, i) => i + 1));
  });
});

describe('renderPlatformObservability', () => {
  const objects = renderPlatformObservability();

  it('renders the platform PrometheusRule and the overview dashboard in the monitoring namespace (snapshot)', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/canary-platform-observability',
      'ConfigMap/monitoring/canary-platform-overview-dashboard',
    ]);
    expect(stringify(objects[0])).toMatchSnapshot();
    expect(validateObjects(objects)).toEqual([]);
    expect(validateQueriesIn(objects)).toEqual([]);
  });

  it('alerts on Flagger, istiod and Prometheus down, platform targets down and failed canaries', () => {
    expect(alerts(objects).map((a) => a.alert)).toEqual(Object.values(PLATFORM_ALERTS));
  });

  it('shows releases in progress, failed canaries and mesh health', () => {
    const titles = dashboardOf(objects).panels.map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Releases in progress', 'Failed canaries', 'Mesh success rate', 'Proxies connected to istiod']),
    );
    expect(dashboardOf(objects).uid).toBe('canary-platform-overview');
  });

  it('renders every platform setting', () => {
    const custom = renderPlatformObservability({
      namespace: 'observability',
      flaggerNamespace: 'flagger',
      istioNamespace: 'mesh',
      ingressNamespace: 'edge',
      prometheusJob: 'prometheus',
      downForSeconds: 600,
      dashboardFolder: 'Platform',
      alertLabels: { team: 'platform' },
      runbookUrl: 'https://runbooks.example.com/platform',
      ruleLabels: { release: 'prom' },
    });
    const rules = alerts(custom);
    expect(custom.map((o) => o.metadata.namespace)).toEqual(['observability', 'observability']);
    expect(rules.find((a) => a.alert === PLATFORM_ALERTS.targetDown)?.expr).toBe('up{namespace=~"flagger|mesh|edge|observability"} == 0');
    expect(rules.find((a) => a.alert === PLATFORM_ALERTS.prometheusDown)?.expr).toContain('up{job="prometheus"} == 0');
    for (const a of rules.filter((r) => r.for !== undefined)) expect(a.for).toBe('10m');
    for (const a of rules) {
      expect(a.labels.team).toBe('platform');
      expect(a.annotations.runbook_url).toBe('https://runbooks.example.com/platform');
    }
    expect(custom[0].metadata.labels?.release).toBe('prom');
    expect(custom[1].metadata.annotations?.grafana_folder).toBe('Platform');
    expect(JSON.stringify(custom[1])).toContain('up{job=\\\\\\"prometheus\\\\\\"} == 1');
  });
});
