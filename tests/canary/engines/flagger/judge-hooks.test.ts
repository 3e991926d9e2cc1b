/**
 * `analysis.judge` on the Flagger engine: the Canary's webhooks to the canary judge, and the contract with the
 * judge server itself: the exact hooks the renderer writes are POSTed, as Flagger does, to a real judge server,
 * which must read them (no 400) and answer with a verdict.
 */
import { renderCanaryService } from '../../../../packages/canary';
import { startJudgeServer, type RunningJudgeServer } from '../../../../packages/judge/server';
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

  it('is refused on the Argo Rollouts engine, saying why and what to do', () => {
    expect(() => renderCanaryService({ ...base, engine: 'argoRollouts', analysis: { judge: {} } } as never)).toThrow(
      'podinfo: analysis.judge is not supported by engine "argoRollouts" (the canary judge): the judge answers Argo Rollouts web metrics (GET/POST /argo/v1/judge), but this engine does not render that analysis yet; remove analysis.judge, or use engine "flagger"',
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
