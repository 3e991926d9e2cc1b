/**
 * A minimal Prometheus HTTP API client (`POST /api/v1/query`, form-encoded, with `time`), on Node's global
 * fetch. Every failure becomes a {@link PrometheusError} whose message says what was asked and what went wrong;
 * the judge turns those into "hold", never into pass or fail.
 */

/** One series of a matrix result: its labels and `[unix seconds, value]` points. */
export interface MatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, number])[];
}

/** One sample of a vector result. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, number];
}

/** The result of an instant query. */
export type QueryResult = { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] } | { readonly resultType: 'vector'; readonly result: readonly VectorSample[] };

/** Something that answers instant queries: the HTTP client, or a fake in tests. */
export interface PrometheusClient {
  /** Runs `promql` as an instant query at `time` (unix seconds). @throws PrometheusError */
  query(promql: string, time: number): Promise<QueryResult>;
}

/** A query that could not be answered. */
export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** Options of {@link httpPrometheus}. */
export interface HttpPrometheusOptions {
  /** Abort a query after this long. @default 10000 */
  readonly timeoutMs?: number;
  /** The fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

function parseNumber(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN;
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function point(value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new PrometheusError(`unexpected sample ${JSON.stringify(value)}`);
  return [Number(value[0]), parseNumber(value[1])];
}

/** Parses the `data` of a successful `/api/v1/query` response. @throws PrometheusError on anything else */
export function parseQueryData(data: unknown): QueryResult {
  if (!isRecord(data) || !Array.isArray(data.result)) throw new PrometheusError(`unexpected response data ${JSON.stringify(data).slice(0, 200)}`);
  if (data.resultType === 'matrix') {
    return { resultType: 'matrix', result: data.result.map((s: unknown) => ({ metric: labels(isRecord(s) ? s.metric : undefined), values: (isRecord(s) && Array.isArray(s.values) ? s.values : []).map(point) })) };
  }
  if (data.resultType === 'vector') {
    return { resultType: 'vector', result: data.result.map((s: unknown) => ({ metric: labels(isRecord(s) ? s.metric : undefined), value: point(isRecord(s) ? s.value : undefined) })) };
  }
  throw new PrometheusError(`unexpected result type ${JSON.stringify(data.resultType)} (expected a matrix or a vector)`);
}

/**
 * A client for the Prometheus at `baseUrl` (e.g. `http://prometheus.monitoring:9090`).
 * @throws TypeError when baseUrl is not an http(s) URL
 */
export function httpPrometheus(baseUrl: string, options: HttpPrometheusOptions = {}): PrometheusClient {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Prometheus URL ${JSON.stringify(baseUrl)} must start with http:// or https://`);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async query(promql, time) {
      const body = new URLSearchParams({ query: promql, time: String(time) });
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new PrometheusError(`Prometheus at ${url.origin} did not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = await response.text().catch(() => '');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new PrometheusError(`Prometheus at ${url.origin} answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
      }
      if (!isRecord(json) || json.status !== 'success') {
        const detail = isRecord(json) ? `${String(json.errorType ?? 'error')}: ${String(json.error ?? 'no detail')}` : 'no detail';
        throw new PrometheusError(`Prometheus at ${url.origin} answered HTTP ${response.status} (${detail})`);
      }
      return parseQueryData(json.data);
    },
  };
}
