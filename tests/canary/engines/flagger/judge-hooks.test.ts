/**
 * `analysis.judge` on both engines: the Canary's webhooks to the canary judge (Flagger), the Rollout's `judge` web
 * metric (Argo Rollouts), and the contract with the judge server itself: the exact hooks and the exact web metric
 * body the renderers write are sent, as Flagger and Argo Rollouts send them, to a real judge server, which must read
 * them (no 400) and answer with a verdict.
 */
import { renderCanaryService } from '../../../../packages/canary';
import { CANARY_REVISION_ARG, JUDGE_ARGO_ROUTE, JUDGE_FAILURE_CONDITION, JUDGE_SUCCESS_CONDITION } from '../../../../packages/canary/engines/argo-rollouts';
import { ARGO_ROUTE, startJudgeServer, type RunningJudgeServer } from '../../../../packages/judge/server';
import { PLATFORM_CONTRACT } from '../../../../packages/shared/platform-contract';
import { validateObjects } from '../../../../packages/validation';

const base = { name: 'podinfo', namespace: 'demo', image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 };
type Hook = { name: string; type: string; url: string; timeout?: string; metadata?: Record<string, string> };
const hooksOf = (props: Record<string, unknown>): Hook[] =>
  ((renderCanaryService({ ...base, ...props } as never).find((o) => o.kind === 'Canary') as unknown as { spec: { analysis: { webhooks: Hook[] } } }).spec.analysis.webhooks);

describe('analysis.judge (Flagger)', () => {
  it('is off by default: no webhook to the judge', () => {
    expect(hooksOf({}).some((h) => h.url.startsWith(PLATFORM_CONTRACT.judgeUrl))).toBe(false);
  });

  it('asks the judge before each weight increase and before promotion, and lets it roll back', () => {
    const hooks = hooksOf({ analysis: { judge: {} } }).filter((h) => h.name.startsWith('judge-'));
    expect(hooks.map((h) => [h.name, h.type, h.url, h.timeout])).toEqual([
      ['judge-traffic-increase', 'confirm-traffic-increase', 'http://canary-judge.flagger-system/flagger/confirm-traffic-increase', '10s'],
      ['judge-promotion', 'confirm-promotion', 'http://canary-judge.flagger-system/flagger/confirm-promotion', '10s'],
      ['judge-rollback', 'rollback', 'http://canary-judge.flagger-system/flagger/rollback', '10s'],
    ]);
  });

  it('hands the judge its settings, every default filled in, as the JSON Flagger metadata carries', () => {
    const [hook] = hooksOf({ analysis: { judge: { alpha: 0.02, maxHold: '45m' } } }).filter((h) => h.name.startsWith('judge-'));
    const settings = JSON.parse(hook!.metadata!.settings!) as Record<string, unknown>;
    expect(settings).toMatchObject({ alpha: 0.02, maxHold: '45m', power: 0.95 });
  });

  it('keeps the other webhooks and the checks (hard limits) as they are', () => {
    const without = hooksOf({}).map((h) => h.name);
    const withJudge = hooksOf({ analysis: { judge: {} } }).map((h) => h.name);
    expect(withJudge.filter((n) => !n.startsWith('judge-'))).toEqual(without);
  });

  it('renders a Canary that validates', () => {
    expect(validateObjects(renderCanaryService({ ...base, analysis: { judge: {} } } as never))).toEqual([]);
  });

  it('refuses invalid settings naming the field and what is valid, with the other problems', () => {
    expect(() => renderCanaryService({ ...base, analysis: { judge: { alpha: 2 } } } as never)).toThrow('podinfo: analysis.judge.alpha (2) must be a number in (0, 0.5]');
  });

});

type JudgeMetric = {
  name: string; interval: string; initialDelay: string; count?: number; consecutiveSuccessLimit?: number; failureLimit: number; inconclusiveLimit: number;
  consecutiveErrorLimit: number; successCondition: string; failureCondition: string;
  provider: { web: { url: string; method: string; timeoutSeconds: number; jsonPath: string; jsonBody: Record<string, unknown> } };
};
const argoObjects = (props: Record<string, unknown>) => renderCanaryService({ ...base, engine: 'argoRollouts', ...props } as never);
const judgeMetricOf = (props: Record<string, unknown>): JudgeMetric | undefined =>
  (argoObjects(props).find((o) => o.kind === 'AnalysisTemplate' && o.metadata.name === 'podinfo-judge') as unknown as { spec: { metrics: JudgeMetric[] } } | undefined)?.spec.metrics[0];

describe('analysis.judge (Argo Rollouts)', () => {
  it('is off by default: no judge metric', () => {
    expect(judgeMetricOf({})).toBeUndefined();
  });

  it('POSTs to the judge\'s Argo route as a background metric of the Rollout, with the Rollout\'s workload and the canary revision argument', () => {
    const metric = judgeMetricOf({ analysis: { judge: {} } })!;
    expect(metric.provider.web).toMatchObject({ url: `${PLATFORM_CONTRACT.judgeUrl}${ARGO_ROUTE}`, method: 'POST', jsonPath: '{$}', timeoutSeconds: 10 });
    expect(metric.provider.web.jsonBody).toMatchObject({ namespace: 'demo', workload: 'podinfo', canaryRevision: `{{args.${CANARY_REVISION_ARG}}}`, gate: 'rollback' });
    const rollout = argoObjects({ analysis: { judge: {} } }).find((o) => o.kind === 'Rollout') as unknown as { spec: { strategy: { canary: { analysis: { templates: { templateName: string }[] } } } } };
    expect(rollout.spec.strategy.canary.analysis.templates.map((t) => t.templateName)).toContain('podinfo-judge');
  });

  it('aborts at the first fail and lets holds run until the judge itself fails after maxHold', () => {
    // 45m at the default 30s interval: 90 measurements, + 1 inside the window, + 1 before traffic, + 1 jitter.
    const metric = judgeMetricOf({ analysis: { judge: { maxHold: '45m' } } })!;
    expect([metric.failureLimit, metric.inconclusiveLimit, metric.consecutiveErrorLimit, metric.interval, metric.count]).toEqual([0, 93, 93, '30s', undefined]);
    expect([metric.successCondition, metric.failureCondition]).toEqual(['result.verdict == "pass"', 'result.verdict == "fail"']);
  });

  it('waits for the judge\'s pass before a blue/green promotion (a counted run ended by the first pass)', () => {
    const metric = judgeMetricOf({ strategy: { kind: 'blueGreen' }, analysis: { judge: {} } })!;
    expect([metric.provider.web.jsonBody.gate, metric.consecutiveSuccessLimit, metric.failureLimit, metric.inconclusiveLimit, metric.count]).toEqual(['promotion', 1, 0, 63, 64]);
  });

  it('hands the judge its settings, every default filled in, as a JSON object', () => {
    const metric = judgeMetricOf({ analysis: { judge: { alpha: 0.02, maxHold: '45m' } } })!;
    expect(metric.provider.web.jsonBody.settings).toMatchObject({ alpha: 0.02, maxHold: '45m', power: 0.95, resolution: '15s' });
  });

  it('renders objects that validate, deterministically', () => {
    expect(validateObjects(argoObjects({ analysis: { judge: {} } }))).toEqual([]);
    expect(validateObjects(argoObjects({ strategy: { kind: 'blueGreen' }, analysis: { judge: {} } }))).toEqual([]);
    expect(JSON.stringify(argoObjects({ analysis: { judge: { alpha: 0.02 } } }))).toBe(JSON.stringify(argoObjects({ analysis: { judge: { alpha: 0.02 } } })));
  });

  it('refuses a business check named judge: metric names are unique in an AnalysisRun', () => {
    expect(() => argoObjects({ analysis: { judge: {}, checks: { business: [{ name: 'judge', query: 'sum(rate(orders_total[1m]))', min: 1 }] } } })).toThrow(
      'podinfo: analysis.checks.business[0].name "judge" is not supported by engine "argoRollouts" (business metric named like a built-in analysis)',
    );
  });
});

describe('the rendered hooks against the judge server', () => {
  let judge: RunningJudgeServer;
  beforeAll(async () => {
    // A Prometheus with no data yet: every query answers an empty vector.
    const prometheus = { query: async () => ({ resultType: 'vector', result: [] }) } as never;
    judge = await startJudgeServer({ prometheus, port: 0, host: '127.0.0.1', clock: () => 1_800_000_000 });
  });
  afterAll(() => judge.close());

  it.each(['judge-traffic-increase', 'judge-promotion', 'judge-rollback'])('%s: the judge reads the payload Flagger sends and holds without data', async (name) => {
    const hook = hooksOf({ analysis: { judge: { maxHold: '45m' } } }).find((h) => h.name === name)!;
    const path = new URL(hook.url).pathname;
    // Flagger's CanaryWebhookPayload: name, namespace, phase, checksum, metadata (the hook's own).
    const response = await fetch(`${judge.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'podinfo', namespace: 'demo', phase: 'Progressing', checksum: 'abc', metadata: hook.metadata }),
    });
    const body = await response.text();
    expect({ status: response.status, body }).not.toMatchObject({ status: 400 });
    // No traffic yet: neither advance, nor promote, nor roll back.
    expect(response.status).toBe(403);
    expect(body).toMatch(/held/);
  });
});

describe('the rendered Argo web metric against the judge server', () => {
  let judge: RunningJudgeServer;
  beforeAll(async () => {
    // A Prometheus with no data yet: every query answers an empty vector.
    const prometheus = { query: async () => ({ resultType: 'vector', result: [] }) } as never;
    judge = await startJudgeServer({ prometheus, port: 0, host: '127.0.0.1', clock: () => 1_800_000_000 });
  });
  afterAll(() => judge.close());

  it('uses the route the judge server serves', () => {
    expect(JUDGE_ARGO_ROUTE).toBe(ARGO_ROUTE);
  });

  it.each([
    ['canary steps (background)', {}],
    ['blue/green (pre-promotion)', { strategy: { kind: 'blueGreen' } }],
  ])('%s: the judge reads the body Argo Rollouts sends and answers a hold its conditions see as Inconclusive', async (_title, props) => {
    const metric = judgeMetricOf({ ...props, analysis: { judge: { maxHold: '45m' } } })!;
    // Argo substitutes {{args.canary-revision}} with the Rollout's value (a template hash) before sending.
    const body = JSON.stringify(metric.provider.web.jsonBody).replace(`{{args.${CANARY_REVISION_ARG}}}`, '5f1c2b9a0d');
    const response = await fetch(`${judge.url}${new URL(metric.provider.web.url).pathname}`, {
      method: metric.provider.web.method,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    expect({ status: response.status, text }).toMatchObject({ status: 200 });
    const result = JSON.parse(text) as Record<string, unknown>;
    expect(result).toMatchObject({ verdict: 'hold', gate: metric.provider.web.jsonBody.gate });
    expect(result.reason).toMatch(/^held/);
    // The conditions read the field the server answers, with the values it can take: a hold is neither.
    const verdictOf = (condition: string): string => /^result\.verdict == "(pass|fail)"$/.exec(condition)![1]!;
    expect([verdictOf(metric.successCondition), verdictOf(metric.failureCondition)]).toEqual(['pass', 'fail']);
    expect([JUDGE_SUCCESS_CONDITION, JUDGE_FAILURE_CONDITION]).toEqual([metric.successCondition, metric.failureCondition]);
    expect(result.verdict).not.toBe(verdictOf(metric.successCondition));
    expect(result.verdict).not.toBe(verdictOf(metric.failureCondition));
  });
});
