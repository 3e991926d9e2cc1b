/**
 * What the two engines send, validated and turned into one {@link JudgeRequest}.
 *
 * Flagger (webhooks of type confirm-traffic-increase, confirm-promotion, rollback) POSTs its
 * `CanaryWebhookPayload` (pkg/apis/flagger/v1beta1: `name`, `namespace`, `phase`, `checksum`, `metadata`), the
 * metadata being the webhook's own `metadata` map of strings. The judge reads in it:
 * - `canary` (the canary Deployment, default: the Canary's name) and `primary` (default `<canary>-primary`);
 * - `excludeSource`: `namespace/workload`, `workload` or `none` (default: the server's `--exclude-source`);
 * - `settings`: the judge settings as JSON (./spec.ts);
 * - `start`: the analysis start (unix seconds or RFC 3339), when it is known; otherwise it is derived from
 *   Flagger's `flagger_canary_weight`.
 *
 * Argo Rollouts (web metric provider) GETs with query parameters or POSTs a JSON body with the same fields:
 * `namespace`, either `canary` + `primary` (two workloads) or `workload` + `canaryRevision` (one Rollout,
 * revisions told apart by `destination_canonical_revision`), `excludeSource`, `gate` (default `promotion`),
 * `start`, `settings` (an object in a JSON body, a JSON string in a query parameter). Without `start` the start
 * is the canary's first production request.
 */
import { z } from 'zod';
import { GATES, type Gate } from './decide';
import type { StartRule } from './observe';
import { formatProblems, type Problem } from './problems';
import type { QueryScope, SourceWorkload } from './queries';
import { JudgeSettingsError, resolveJudgeSettings, type JudgeSpec } from './spec';

/** A validated request: what to observe and which question to answer. */
export interface JudgeRequest {
  readonly scope: QueryScope;
  readonly gate: Gate;
  readonly start: StartRule;
  readonly spec: JudgeSpec;
}

/** A request that cannot be answered: every problem, one line each. */
export class RequestError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.text).join('; '));
    this.name = 'RequestError';
  }
}

/** Kubernetes object names: DNS-1123 subdomains (Deployments) and labels (namespaces). */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAME_RULE = "must be a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
/** Istio's canonical revision: a label value. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const name = z.string({ error: 'must be a string' }).max(253, { error: 'must be at most 253 characters' }).regex(NAME, { error: NAME_RULE });

/**
 * Parses `namespace/workload`, `workload` or `none`.
 * @returns the workload, `null` for none, or a problem text
 */
export function parseExcludeSource(text: string): SourceWorkload | null | string {
  if (text === 'none') return null;
  const parts = text.split('/');
  if (parts.length > 2 || parts.some((p) => !NAME.test(p))) return 'must be "namespace/workload", "workload" or "none"';
  return parts.length === 2 ? { namespace: parts[0], workload: parts[1] } : { workload: parts[0] };
}

/** Parses a unix time in seconds or an RFC 3339 time; undefined when it is neither. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

interface Common {
  readonly excludeSource?: unknown;
  readonly start?: unknown;
  readonly settings?: unknown;
}

/** The shared fields: exclusion, start, settings (an object or a JSON string). */
function common(input: Common, defaults: { readonly excludeSource?: SourceWorkload }, fallbackStart: StartRule, problems: Problem[]): { excludeSource?: SourceWorkload; start: StartRule; spec?: JudgeSpec } {
  let excludeSource = defaults.excludeSource;
  if (input.excludeSource !== undefined) {
    const parsed = typeof input.excludeSource === 'string' ? parseExcludeSource(input.excludeSource) : 'must be a string';
    if (typeof parsed === 'string') problems.push({ field: 'excludeSource', text: `excludeSource ${JSON.stringify(input.excludeSource)} ${parsed}` });
    else excludeSource = parsed ?? undefined;
  }
  let start = fallbackStart;
  if (input.start !== undefined) {
    const t = parseTime(input.start);
    if (t === undefined) problems.push({ field: 'start', text: `start ${JSON.stringify(input.start)} must be unix seconds or an RFC 3339 time such as "2025-01-01T00:00:00Z"` });
    else start = { kind: 'given', start: t };
  }
  let settings: unknown = input.settings ?? {};
  if (typeof settings === 'string') {
    try {
      settings = JSON.parse(settings);
    } catch {
      problems.push({ field: 'settings', text: `settings ${JSON.stringify(input.settings)} must be JSON, e.g. {"alpha":0.01}` });
      return { excludeSource, start };
    }
  }
  try {
    return { excludeSource, start, spec: resolveJudgeSettings(settings, ['settings']) };
  } catch (error) {
    if (error instanceof JudgeSettingsError) problems.push(...error.problems);
    else throw error;
    return { excludeSource, start };
  }
}

const flaggerPayload = z.object({
  name,
  namespace: name,
  phase: z.string({ error: 'must be a string' }).optional(),
  checksum: z.string({ error: 'must be a string' }).optional(),
  metadata: z
    .strictObject(
      { canary: name.optional(), primary: name.optional(), excludeSource: z.string().optional(), settings: z.string().optional(), start: z.string().optional() },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a metadata key the judge reads (valid keys: canary, excludeSource, primary, settings, start)' : undefined) },
    )
    .optional(),
});

/**
 * A Flagger webhook payload for `gate`.
 * @throws RequestError listing every problem
 */
export function flaggerRequest(body: unknown, gate: Gate, defaults: { readonly excludeSource?: SourceWorkload } = {}): JudgeRequest {
  const parsed = flaggerPayload.safeParse(body);
  if (!parsed.success) throw new RequestError(formatProblems(parsed.error.issues, body));
  const { name: canaryName, namespace, metadata = {} } = parsed.data;
  const problems: Problem[] = [];
  const rest = common(metadata, defaults, { kind: 'flagger-weight' }, problems);
  if (problems.length > 0 || rest.spec === undefined) throw new RequestError(problems.map((p) => ({ ...p, text: `metadata.${p.text}` })));
  const canary = metadata.canary ?? canaryName;
  const target = { kind: 'workloads' as const, namespace, canary, primary: metadata.primary ?? `${canary}-primary` };
  return { scope: { target, ...(rest.excludeSource ? { excludeSource: rest.excludeSource } : {}) }, gate, start: rest.start, spec: rest.spec };
}

const argoFields = z.strictObject(
  {
    namespace: name,
    canary: name.optional(),
    primary: name.optional(),
    workload: name.optional(),
    canaryRevision: z.string({ error: 'must be a string' }).regex(LABEL_VALUE, { error: 'must be a label value: letters, digits, "-", "_" and "."' }).optional(),
    excludeSource: z.string({ error: 'must be a string' }).optional(),
    gate: z.enum(GATES as [Gate, ...Gate[]], { error: `must be one of ${GATES.map((g) => JSON.stringify(g)).join(', ')}` }).optional(),
    start: z.union([z.string(), z.number()], { error: 'must be unix seconds or an RFC 3339 time' }).optional(),
    settings: z.unknown().optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field (valid fields: canary, canaryRevision, excludeSource, gate, namespace, primary, settings, start, workload)' : undefined) },
);

/**
 * An Argo Rollouts web metric request (query parameters or JSON body, same fields).
 * @throws RequestError listing every problem
 */
export function argoRequest(body: unknown, defaults: { readonly excludeSource?: SourceWorkload } = {}): JudgeRequest {
  const parsed = argoFields.safeParse(body);
  if (!parsed.success) throw new RequestError(formatProblems(parsed.error.issues, body));
  const f = parsed.data;
  const problems: Problem[] = [];
  const revisions = f.workload !== undefined || f.canaryRevision !== undefined;
  const workloads = f.canary !== undefined || f.primary !== undefined;
  if (revisions === workloads || (revisions && (f.workload === undefined || f.canaryRevision === undefined)) || (workloads && f.canary === undefined)) {
    problems.push({ field: 'target', text: 'give either canary (and optionally primary, default <canary>-primary) for two workloads, or workload and canaryRevision for an Argo Rollout' });
  }
  const rest = common(f, defaults, { kind: 'first-canary-traffic' }, problems);
  if (problems.length > 0 || rest.spec === undefined) throw new RequestError(problems);
  const target =
    f.workload !== undefined && f.canaryRevision !== undefined
      ? { kind: 'revisions' as const, namespace: f.namespace, workload: f.workload, canaryRevision: f.canaryRevision }
      : { kind: 'workloads' as const, namespace: f.namespace, canary: f.canary ?? '', primary: f.primary ?? `${f.canary}-primary` };
  return { scope: { target, ...(rest.excludeSource ? { excludeSource: rest.excludeSource } : {}) }, gate: f.gate ?? 'promotion', start: rest.start, spec: rest.spec };
}
