/**
 * The judge as a small stateless HTTP service (node:http only).
 *
 * Flagger webhooks (POST, Flagger's JSON payload; Flagger treats a status above 202 as "no",
 * pkg/controller/webhook.go `callWebhook`):
 * - `POST /flagger/confirm-traffic-increase`, `POST /flagger/confirm-promotion`: 200 on pass; 403 on hold and
 *   on fail (Flagger halts the advance without counting a failed check; the rollback hook rolls a failing
 *   release back);
 * - `POST /flagger/rollback`: 200 (roll back now) on fail, including "never got enough traffic" after maxHold;
 *   403 otherwise.
 * 403, not 5xx, is the "no": Flagger's retrying client (hashicorp/go-retryablehttp) retries 5xx answers when a
 * webhook sets `retries`.
 *
 * Argo Rollouts web metric (`GET /argo/v1/judge?...` or `POST /argo/v1/judge` with a JSON body): always 200 with
 * the verdict as JSON, for `successCondition: result.verdict == "pass"` and `failureCondition: result.verdict ==
 * "fail"`; a hold is then Inconclusive. Argo counts a non-2xx answer as a measurement Error, so only an invalid
 * request gets one (400).
 *
 * `GET /healthz` answers `ok`; `GET /metrics` the judge's counters (./metrics.ts). Each verdict is also logged
 * as one JSON line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { judge, type Gate, type Verdict } from './decide';
import { JudgeMetrics } from './metrics';
import { observe } from './observe';
import type { PrometheusClient } from './prometheus';
import type { SourceWorkload } from './queries';
import { argoRequest, flaggerRequest, RequestError, type JudgeRequest } from './requests';

/** Options of {@link createJudgeServer}. */
export interface JudgeServerOptions {
  /** Where the counters come from. */
  readonly prometheus: PrometheusClient;
  /** The source workload left out when a request names none (the load tester). @default - none */
  readonly excludeSource?: SourceWorkload;
  /** The current time in unix seconds. @default - Date.now() / 1000 */
  readonly clock?: () => number;
  /** Where each verdict's log line goes. @default - nowhere */
  readonly log?: (line: string) => void;
  /** Largest request body accepted, in bytes. @default 65536 */
  readonly maxBodyBytes?: number;
}

/** The Flagger hooks and the question each asks. */
export const FLAGGER_ROUTES: Readonly<Record<string, Gate>> = {
  '/flagger/confirm-traffic-increase': 'traffic-increase',
  '/flagger/confirm-promotion': 'promotion',
  '/flagger/rollback': 'rollback',
};

/** The Argo Rollouts web metric route. */
export const ARGO_ROUTE = '/argo/v1/judge';

/** The HTTP status Flagger gets for a verdict: 200 means yes (advance, promote, roll back). */
export function flaggerStatus(gate: Gate, verdict: Verdict['verdict']): number {
  if (gate === 'rollback') return verdict === 'fail' ? 200 : 403;
  return verdict === 'pass' ? 200 : 403;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'the request has no body; expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the request body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function serviceOf(r: JudgeRequest): { namespace: string; service: string } {
  const t = r.scope.target;
  return { namespace: t.namespace, service: t.kind === 'workloads' ? t.canary : t.workload };
}

/** A judge server (not yet listening). */
export function createJudgeServer(options: JudgeServerOptions): Server {
  const metrics = new JudgeMetrics();
  const clock = options.clock ?? (() => Date.now() / 1000);
  const log = options.log ?? (() => undefined);
  const limit = options.maxBodyBytes ?? 65536;
  const defaults = options.excludeSource !== undefined ? { excludeSource: options.excludeSource } : {};

  async function decide(request: JudgeRequest, route: string): Promise<Verdict> {
    const time = Math.floor(clock());
    const observed = await observe(options.prometheus, { scope: request.scope, spec: request.spec, time, start: request.start });
    const verdict = judge({ spec: request.spec, gate: request.gate, time, observation: observed.observation });
    const { namespace, service } = serviceOf(request);
    metrics.countVerdict({ namespace, service, gate: request.gate, verdict: verdict.verdict });
    if (observed.observation.kind === 'unavailable') metrics.countUnavailable(namespace, service);
    log(JSON.stringify({ time: new Date(time * 1000).toISOString(), route, namespace, service, gate: request.gate, verdict: verdict.verdict, reason: verdict.reason }));
    return verdict;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://judge.invalid');
    const route = url.pathname;
    const gate = FLAGGER_ROUTES[route];
    try {
      if (gate !== undefined) {
        if (req.method !== 'POST') throw new HttpError(405, `${route} takes POST (Flagger's webhook payload)`);
        const request = flaggerRequest(parseJson(await readBody(req, limit)), gate, defaults);
        const verdict = await decide(request, route);
        send(res, flaggerStatus(gate, verdict.verdict), verdict);
        return;
      }
      if (route === ARGO_ROUTE) {
        let fields: unknown;
        if (req.method === 'GET') fields = Object.fromEntries(url.searchParams.entries());
        else if (req.method === 'POST' || req.method === 'PUT') fields = parseJson(await readBody(req, limit));
        else throw new HttpError(405, `${route} takes GET with query parameters, or POST/PUT with a JSON body`);
        const verdict = await decide(argoRequest(fields, defaults), route);
        send(res, 200, verdict);
        return;
      }
      if (route === '/healthz' && req.method === 'GET') return send(res, 200, 'ok\n', 'text/plain; charset=utf-8');
      if (route === '/metrics' && req.method === 'GET') return send(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
      throw new HttpError(404, `no route ${req.method ?? ''} ${route}; routes: POST ${Object.keys(FLAGGER_ROUTES).join(', POST ')}, GET/POST ${ARGO_ROUTE}, GET /healthz, GET /metrics`);
    } catch (error) {
      if (error instanceof RequestError) {
        metrics.countInvalid(route);
        log(JSON.stringify({ route, invalid: error.problems.map((p) => p.text) }));
        return send(res, 400, { error: 'invalid request', problems: error.problems.map((p) => p.text) });
      }
      if (error instanceof HttpError) {
        if (error.status === 400 || error.status === 413) metrics.countInvalid(route);
        return send(res, error.status, { error: error.message });
      }
      log(JSON.stringify({ route, error: error instanceof Error ? error.message : String(error) }));
      return send(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  return createServer((req, res) => {
    void handle(req, res);
  });
}

/** A listening judge server. */
export interface RunningJudgeServer {
  readonly server: Server;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops accepting connections and waits for open ones to finish. */
  close(): Promise<void>;
}

/** Creates a judge server and listens on `host:port` (port 0: any free port). */
export function startJudgeServer(options: JudgeServerOptions & { readonly port: number; readonly host?: string }): Promise<RunningJudgeServer> {
  const server = createJudgeServer(options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`the judge server listens on ${String(address)}, not a TCP port`));
        return;
      }
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
