/**
 * The judge server's protocol, end to end over loopback: a fake Prometheus (node:http) answers the judge's
 * queries from a small traffic model per namespace; the tests POST Flagger's webhook payloads and GET/POST Argo
 * Rollouts web-metric requests and check status codes and bodies.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpPrometheus } from '../../packages/judge/prometheus';
import { startJudgeServer, type RunningJudgeServer } from '../../packages/judge/server';
import { parseConfig } from '../../packages/judge/main';
import { logNormalBuckets } from '../../packages/judge/stats/histogram';

const T = 1735690200;
/** Per namespace: Flagger weight now, canary error rate (primary 0.5%), or a Prometheus failure. */
const MODEL: Record<string, { weight: number; canaryErrors: number; down?: boolean }> = {
  shop: { weight: 20, canaryErrors: 0.005 },
  bad: { weight: 20, canaryErrors: 0.05 },
  cold: { weight: 0, canaryErrors: 0 },
  down: { weight: 20, canaryErrors: 0, down: true },
};

function counterSeries(query: string, namespace: string): object[] {
  const m = MODEL[namespace];
  const range = /\)\[(\d+)s:15s\]$/.exec(query);
  const seconds = range ? Number(range[1]) : 600;
  const steps = Array.from({ length: seconds / 15 + 1 }, (_, k) => T - seconds + 15 * k);
  const perStep = { canary: 100 * 0.2 * 15, primary: 100 * 0.8 * 15 };
  const errorRate = { canary: m.canaryErrors, primary: 0.005 };
  const series: object[] = [];
  for (const side of ['canary', 'primary'] as const) {
    const at = (k: number, share: number) => String(Math.round(k * perStep[side] * share));
    if (query.includes('istio_request_duration_milliseconds_bucket')) {
      const shares = logNormalBuckets(50, 0.5);
      let cumulative = 0;
      shares.bounds.forEach((le, i) => {
        cumulative += shares.counts[i];
        const c = cumulative;
        series.push({ metric: { judge_side: side, instance: `${side}-0`, le: String(le) }, values: steps.map((t, k) => [t, at(k, c)]) });
      });
      series.push({ metric: { judge_side: side, instance: `${side}-0`, le: '+Inf' }, values: steps.map((t, k) => [t, at(k, 1)]) });
    } else {
      const share = query.includes('response_code=~"5.."') ? errorRate[side] : 1;
      series.push({ metric: { judge_side: side, instance: `${side}-0` }, values: steps.map((t, k) => [t, at(k, share)]) });
    }
  }
  return series;
}

function fakePrometheus(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const query = form.get('query') ?? '';
      const namespace = /(?:destination_workload_namespace|namespace)="([a-z]+)"/.exec(query)?.[1] ?? '';
      const m = MODEL[namespace];
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url !== '/api/v1/query' || form.get('time') !== String(T) || m === undefined) return reply(400, { status: 'error', errorType: 'bad_data', error: `unexpected ${req.url} ${query}` });
      if (m.down) return reply(503, { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' });
      const vector = (v: number) => reply(200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, String(v)] }] } });
      if (query.startsWith('max(max_over_time')) return vector(T - 600);
      if (query.startsWith('max(flagger_canary_weight')) return vector(m.weight);
      const series = counterSeries(query, namespace) as { metric: object; values: [number, string][] }[];
      if (!query.endsWith(']')) return reply(200, { status: 'success', data: { resultType: 'vector', result: series.map((s) => ({ metric: s.metric, value: s.values[s.values.length - 1] })) } });
      return reply(200, { status: 'success', data: { resultType: 'matrix', result: series } });
    });
  });
}

let prometheus: Server;
let judge: RunningJudgeServer;
const logged: string[] = [];

beforeAll(async () => {
  prometheus = fakePrometheus();
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  const { port } = prometheus.address() as AddressInfo;
  judge = await startJudgeServer({
    prometheus: httpPrometheus(`http://127.0.0.1:${port}`),
    port: 0,
    host: '127.0.0.1',
    clock: () => T + 0.4,
    excludeSource: { namespace: 'flagger-system', workload: 'flagger-loadtester' },
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  await judge.close();
  await new Promise<void>((resolve) => prometheus.close(() => resolve()));
});

async function post(path: string, body: unknown): Promise<{ status: number; body: { verdict?: string; reason?: string; problems?: string[]; error?: string } }> {
  const res = await fetch(`${judge.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { verdict?: string; reason?: string } };
}

const payload = (namespace: string, metadata?: Record<string, string>) => ({ name: 'podinfo', namespace, phase: 'Progressing', checksum: '6d5c9f', ...(metadata ? { metadata } : {}) });

describe('Flagger webhooks', () => {
  it('a healthy canary with enough evidence: traffic increase and promotion 200, rollback 403', async () => {
    const increase = await post('/flagger/confirm-traffic-increase', payload('shop'));
    expect(increase.status).toBe(200);
    expect(increase.body.verdict).toBe('pass');
    expect((await post('/flagger/confirm-promotion', payload('shop'))).status).toBe(200);
    const rollback = await post('/flagger/rollback', payload('shop'));
    expect(rollback.status).toBe(403);
    expect(rollback.body.reason).toMatch(/^passed: canary 12000 requests/);
  });

  it('a canary with 5% errors: rollback 200 with the numbers, confirmations 403', async () => {
    const rollback = await post('/flagger/rollback', payload('bad'));
    expect(rollback.status).toBe(200);
    expect(rollback.body.reason).toMatch(/^failed: errors 5\.0% vs 0\.50%, e = [\d.e+]+ \(threshold 200\); hard limit: canary error rate 5\.0% \(limit 1%\), e = [\d.e+]+ \(threshold 2000\) \(alpha 0\.01 over 2 comparisons; hard limits: alpha 0\.001 over 2\)$/);
    expect((await post('/flagger/confirm-traffic-increase', payload('bad'))).status).toBe(403);
    expect((await post('/flagger/confirm-promotion', payload('bad'))).status).toBe(403);
  });

  it('weight 0 (before the first step): the first traffic increase is confirmed, nothing else', async () => {
    const increase = await post('/flagger/confirm-traffic-increase', payload('cold'));
    expect(increase).toEqual({ status: 200, body: expect.objectContaining({ verdict: 'pass', reason: 'passed: the canary has no traffic yet (Flagger reports weight 0); the first traffic step needs no evidence' }) });
    expect((await post('/flagger/confirm-promotion', payload('cold'))).status).toBe(403);
    expect((await post('/flagger/rollback', payload('cold'))).status).toBe(403);
  });

  it('Prometheus failing: hold (403 on every hook, no rollback), explained', async () => {
    for (const hook of ['confirm-traffic-increase', 'confirm-promotion', 'rollback']) {
      const r = await post(`/flagger/${hook}`, payload('down'));
      expect(r.status).toBe(403);
      expect(r.body.verdict).toBe('hold');
    }
    const r = await post('/flagger/rollback', payload('down', { start: String(T - 60) }));
    expect(r.body.reason).toMatch(/^held: no data from Prometheus \(Prometheus at http:\/\/127\.0\.0\.1:\d+ answered HTTP 503 \(unavailable: TSDB not ready\)\)$/);
  });

  it('metadata settings are applied: a small maxHold fails a release that lacks evidence', async () => {
    const r = await post('/flagger/rollback', payload('shop', { settings: JSON.stringify({ maxHold: '1m', detect: { errorRate: { kind: 'absolute', percentagePoints: 0.1 } } }) }));
    expect(r.status).toBe(200);
    expect(r.body.reason).toMatch(/^failed: never got enough traffic in 10m \(maxHold 1m\)/);
  });

  it('invalid payloads: 400 listing every problem', async () => {
    expect(await post('/flagger/rollback', { namespace: 'Shop' })).toEqual({
      status: 400,
      body: { error: 'invalid request', problems: ['name is required', `namespace "Shop" must be a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`] },
    });
    expect((await post('/flagger/rollback', payload('shop', { cmd: 'hey', settings: '{"alpha": 2}' }))).body.problems).toEqual([
      'metadata.cmd is not a metadata key the judge reads (valid keys: canary, excludeSource, primary, settings, start)',
    ]);
    expect((await post('/flagger/rollback', payload('shop', { settings: '{"alpha": 2}' }))).body.problems).toEqual(['metadata.settings.alpha (2) must be a number in (0, 0.5]']);
    expect((await post('/flagger/rollback', 'not json')).status).toBe(400);
  });
});

describe('Argo Rollouts web metric', () => {
  it('GET with query parameters: 200 and the verdict as JSON', async () => {
    const res = await fetch(`${judge.url}/argo/v1/judge?namespace=shop&canary=podinfo&gate=promotion&start=${T - 600}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { verdict: string; gate: string };
    expect(body).toMatchObject({ verdict: 'pass', gate: 'promotion' });
  });

  it('POST with a JSON body: a failing canary is "fail" with status 200 (Argo reads the body)', async () => {
    const r = await post('/argo/v1/judge', { namespace: 'bad', canary: 'podinfo', start: T - 600, settings: { alpha: 0.05 } });
    expect(r.status).toBe(200);
    expect(r.body.verdict).toBe('fail');
  });

  it('a hold is 200 with verdict "hold" (Inconclusive in Argo)', async () => {
    const r = await post('/argo/v1/judge', { namespace: 'down', canary: 'podinfo', start: T - 600 });
    expect(r).toMatchObject({ status: 200, body: { verdict: 'hold' } });
  });

  it('an invalid request is 400 (a measurement Error in Argo)', async () => {
    const r = await post('/argo/v1/judge', { namespace: 'shop', canary: 'podinfo', workload: 'podinfo', gate: 'deploy' });
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([
      'gate "deploy" must be one of "traffic-increase", "promotion", "rollback"',
    ]);
    const both = await post('/argo/v1/judge', { namespace: 'shop', canary: 'podinfo', workload: 'podinfo' });
    expect(both.body.problems).toEqual(['give either canary (and optionally primary, default <canary>-primary) for two workloads, or workload and canaryRevision for an Argo Rollout']);
  });
});

describe('health, metrics and unknown routes', () => {
  it('/healthz answers ok', async () => {
    const res = await fetch(`${judge.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('/metrics counts verdicts by service, gate and verdict', async () => {
    const text = await (await fetch(`${judge.url}/metrics`)).text();
    expect(text).toContain('# TYPE canary_judge_verdicts_total counter');
    expect(text).toMatch(/^canary_judge_verdicts_total\{gate="rollback",namespace="bad",service="podinfo",verdict="fail"\} [1-9]\d*$/m);
    expect(text).toMatch(/^canary_judge_prometheus_unavailable_total\{namespace="down",service="podinfo"\} [1-9]\d*$/m);
    expect(text).toMatch(/^canary_judge_invalid_requests_total\{route="\/flagger\/rollback"\} [1-9]\d*$/m);
  });

  it('unknown routes are 404 naming the routes; wrong methods 405', async () => {
    const missing = await fetch(`${judge.url}/flagger/confirm-rollout`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('routes: POST /flagger/confirm-traffic-increase');
    expect((await fetch(`${judge.url}/flagger/rollback`)).status).toBe(405);
  });

  it('logs one JSON line per verdict', () => {
    expect(logged.some((line) => JSON.parse(line).verdict === 'fail' && JSON.parse(line).namespace === 'bad')).toBe(true);
  });
});

describe('server configuration', () => {
  it('reads flags, then environment variables, with defaults', () => {
    expect(parseConfig(['--port', '9000'], { PROMETHEUS_URL: 'http://prom:9090', JUDGE_EXCLUDE_SOURCE: 'flagger-system/flagger-loadtester' })).toEqual({
      prometheusUrl: 'http://prom:9090',
      port: 9000,
      host: '0.0.0.0',
      excludeSource: { namespace: 'flagger-system', workload: 'flagger-loadtester' },
      queryTimeout: expect.objectContaining({}),
    });
  });

  it('reports every problem at once', () => {
    expect(() => parseConfig(['--port', 'x', '--query-timeout', '0s', '--exclude-source', 'a/b/c'], {})).toThrow(
      [
        'invalid judge server configuration:',
        '  --prometheus-url (or PROMETHEUS_URL) is required, e.g. http://prometheus.monitoring:9090',
        '  --port "x" must be a whole number 0-65535',
        '  --exclude-source "a/b/c" must be "namespace/workload", "workload" or "none"',
        '  --query-timeout "0s" must be at least 1s',
      ].join('\n'),
    );
  });
});
