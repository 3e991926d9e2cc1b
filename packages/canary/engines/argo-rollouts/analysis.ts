/**
 * AnalysisTemplates (argoproj.io/v1alpha1, Prometheus and web providers) from the same checks and the same
 * PromQL builders (`packages/canary/queries.ts`) the Flagger engine uses.
 *
 * Telling the versions apart: Istio names the workload of every Rollout pod after the Rollout (its
 * `GetDeployMetaFromPod` heuristic strips `rollouts-pod-template-hash`), so `destination_workload` cannot split
 * stable from canary as it does for Flagger's `<name>` and `<name>-primary` Deployments. Each pod template
 * therefore carries `service.istio.io/canonical-revision: <revision>`, a hash of the template: Istio reads that
 * label once, when the pod starts, and reports it as `destination_canonical_revision`. The canary is
 * `revision = <new>`; the stable version is every other revision of the same workload.
 *
 * Pass/fail: each check passes while its value is inside the same `thresholdRange` as Flagger's; no data (no
 * traffic) fails, as it does in Flagger. `failureLimit = threshold - 1`: Argo fails a metric when failures
 * exceed the limit, Flagger rolls back when failed checks reach the threshold.
 *
 * The canary judge (`analysis.judge`, docs/judge.md): a web metric POSTing to the judge's Argo route; see
 * {@link renderJudgeTemplate}.
 */
import { type KubeObject, requireObjectArguments } from '../../../shared';
import { PLATFORM_CONTRACT } from '../../../shared/platform-contract';
import {
  analysisChecks,
  businessMetricQuery,
  errorRateQuery,
  latencyQuantileQuery,
  loadTesterSource,
  p95LatencyQuery,
  relativeLatencyQuery,
  requestSuccessRateQuery,
  type AnalysisCheck,
  type ResolvedCanaryService,
  type WorkloadSelector,
} from '../../spec';
import { objectMetadata } from '../../workload';
import { API_VERSIONS } from '../../../shared/versions';
import type { ArgoRolloutsNames } from './names';

/** The Istio metric label and pod label that carry a pod's revision. */
export const REVISION_LABEL = 'service.istio.io/canonical-revision';
/** The AnalysisTemplate argument carrying the new revision (the Rollout passes it). */
export const CANARY_REVISION_ARG = 'canary-revision';

const ARG_REF = `{{args.${CANARY_REVISION_ARG}}}`;

/** Prometheus selectors of the new (canary) and the stable pods of a Rollout, over `interval`. */
export function revisionSelectors(spec: ResolvedCanaryService, workload: string, interval: string): { canary: WorkloadSelector; stable: WorkloadSelector } {
  requireObjectArguments('revisionSelectors', { spec });
  const base = { namespace: spec.namespace, workload, interval };
  return {
    canary: { ...base, matchers: [`destination_canonical_revision="${ARG_REF}"`] },
    stable: { ...base, matchers: [`destination_canonical_revision!="${ARG_REF}"`] },
  };
}

/** The query of one check against the Rollout's canary revision. */
export function argoQuery(spec: ResolvedCanaryService, check: AnalysisCheck, names: ArgoRolloutsNames): string {
  const { canary, stable } = revisionSelectors(spec, names.rollout, check.interval.toString());
  switch (check.check) {
    case 'request-success-rate':
      return requestSuccessRateQuery(canary);
    case 'request-duration':
      return latencyQuantileQuery(canary, 0.99);
    case 'error-rate':
      return errorRateQuery(canary);
    case 'latency-p95':
      return p95LatencyQuery(canary);
    case 'relative-latency': {
      // Production traffic on both sides: the load tester calls only the canary (as with Flagger).
      const excludeSource = loadTesterSource(spec);
      return relativeLatencyQuery({ ...canary, excludeSource }, { ...stable, excludeSource });
    }
    default:
      // A business metric: Flagger's variables with this service's values. `{{ target }}` is rejected for this
      // engine by validation (it names the whole Rollout here, not the canary pods).
      return businessMetricQuery(check.template, {
        namespace: spec.namespace,
        target: names.rollout,
        name: names.rollout,
        service: names.apexService,
        interval: check.interval.toString(),
      });
  }
}

/** An Argo `successCondition` for a Flagger `thresholdRange`: a value must exist, be a number, and lie inside. */
export function successCondition(range: { readonly min?: number; readonly max?: number }): string {
  requireObjectArguments('successCondition', { range });
  return [
    'len(result) > 0',
    '!isNaN(result[0])',
    ...(range.min !== undefined ? [`result[0] >= ${range.min}`] : []),
    ...(range.max !== undefined ? [`result[0] <= ${range.max}`] : []),
  ].join(' && ');
}

/** How the analysis runs: in the background during canary steps, or a fixed number of measurements (blue/green). */
export interface AnalysisMode {
  /** Number of measurements; undefined for background analysis, which runs until the rollout finishes. */
  readonly count?: number;
}

/** A template `<name>-<check>` with one metric. */
function template(spec: ResolvedCanaryService, name: string, metric: Record<string, unknown>, args = true): KubeObject {
  return {
    apiVersion: API_VERSIONS.argoRollouts,
    kind: 'AnalysisTemplate',
    metadata: objectMetadata(spec, name),
    spec: { ...(args ? { args: [{ name: CANARY_REVISION_ARG }] } : {}), metrics: [metric] },
  };
}

/** The failure, error and timing fields every measured metric shares. */
function limits(spec: ResolvedCanaryService, mode: AnalysisMode): Record<string, unknown> {
  return {
    interval: spec.analysis.interval.toString(),
    failureLimit: spec.analysis.threshold - 1,
    consecutiveErrorLimit: spec.analysis.threshold - 1,
    ...(mode.count !== undefined ? { count: mode.count } : {}),
  };
}

/** One AnalysisTemplate per metric check, in the Canary's order. */
export function renderCheckTemplates(spec: ResolvedCanaryService, names: ArgoRolloutsNames, mode: AnalysisMode): KubeObject[] {
  return analysisChecks(spec).map((check) =>
    template(spec, names.analysisTemplate(check.check), {
      name: check.check,
      ...limits(spec, mode),
      // Flagger measures one interval after it shifts traffic; so does this.
      initialDelay: spec.analysis.interval.toString(),
      successCondition: successCondition(check.thresholdRange),
      provider: { prometheus: { address: spec.platform.prometheusUrl, query: argoQuery(spec, check, names) } },
    }),
  );
}

/** URL of flagger-loadtester's task endpoint. */
function loadTesterUrl(spec: ResolvedCanaryService): string {
  return `${spec.platform.loadTesterUrl.replace(/\/+$/, '')}/`;
}

/** The `hey` command of the load test: the same command the Flagger engine's rollout webhook sends. */
export function loadTestCommand(spec: ResolvedCanaryService, names: ArgoRolloutsNames): string | undefined {
  requireObjectArguments('loadTestCommand', { spec, names });
  const t = spec.webhooks.loadTest;
  if (t === false) return undefined;
  const target = `http://${names.canaryService}.${spec.namespace}:${spec.servicePort}${t.path}`;
  return `hey -z ${t.duration} -q ${t.ratePerWorker} -c ${t.workers} ${target}`;
}

/**
 * The webhook equivalents, as web metrics POSTing Flagger's webhook payload to flagger-loadtester:
 * - `<name>-acceptance-test`: the acceptance command (`bash`, blocking; 200 = passed, 500 = failed); retried
 *   every interval until it passes once, aborted after `threshold` consecutive failures;
 * - `<name>-load-test`: the `hey` command (`cmd`, started in the background) every interval.
 * A non-2xx answer is a measurement error for Argo, so `consecutiveErrorLimit` carries the threshold.
 */
export function renderWebhookTemplates(spec: ResolvedCanaryService, names: ArgoRolloutsNames, mode: AnalysisMode): KubeObject[] {
  const out: KubeObject[] = [];
  const payload = (type: string, cmd: string): Record<string, unknown> => ({
    name: names.rollout,
    namespace: spec.namespace,
    phase: 'Progressing',
    metadata: { type, cmd },
  });
  const acceptance = spec.webhooks.acceptanceTest;
  if (acceptance !== false) {
    out.push(
      template(spec, names.analysisTemplate('acceptance-test'), {
        name: 'acceptance-test',
        interval: spec.analysis.interval.toString(),
        consecutiveSuccessLimit: 1,
        failureLimit: -1,
        consecutiveErrorLimit: spec.analysis.threshold - 1,
        provider: {
          web: {
            url: loadTesterUrl(spec),
            method: 'POST',
            timeoutSeconds: Math.ceil(acceptance.timeout.toSeconds()),
            jsonBody: payload('bash', acceptance.command),
          },
        },
      }, false),
    );
  }
  const command = loadTestCommand(spec, names);
  if (command !== undefined && spec.webhooks.loadTest !== false) {
    out.push(
      template(spec, names.analysisTemplate('load-test'), {
        name: 'load-test',
        ...limits(spec, mode),
        provider: {
          web: {
            url: loadTesterUrl(spec),
            method: 'POST',
            timeoutSeconds: Math.ceil(spec.webhooks.loadTest.timeout.toSeconds()),
            jsonBody: payload('cmd', command),
          },
        },
      }, false),
    );
  }
  return out;
}

/** The judge server's route for Argo Rollouts web metrics (packages/judge/server.ts `ARGO_ROUTE`; a test keeps them equal). */
export const JUDGE_ARGO_ROUTE = '/argo/v1/judge';
/** The judge's answer is the verdict JSON: these read its `verdict` field ('pass' | 'hold' | 'fail'). */
export const JUDGE_SUCCESS_CONDITION = 'result.verdict == "pass"';
export const JUDGE_FAILURE_CONDITION = 'result.verdict == "fail"';
/** Seconds Argo waits for one answer: the judge's Prometheus queries stay well under it (4 s each by default). */
const JUDGE_TIMEOUT_SECONDS = 10;

type JudgeSettingsSpec = Exclude<ResolvedCanaryService['analysis']['judge'], false>;

/**
 * Measurements the judge may answer "hold" during one analysis: it holds only while it lacks evidence and fails
 * once `maxHold` has passed since the canary's first production request, so at most `maxHold / interval + 1`
 * holds fall inside that window (at most `ceil(maxHold / interval) + 1`); one more for a measurement before the
 * first production request, one for scheduling jitter. (Holds without end, only when Prometheus is down or the canary never gets production
 * traffic, exceed it: Argo then ends the run Inconclusive and pauses the rollout for a person to decide.)
 */
export function judgeHoldLimit(judge: JudgeSettingsSpec, interval: { toSeconds(): number }): number {
  requireObjectArguments('judgeHoldLimit', { judge, interval });
  return Math.ceil(judge.maxHold.toSeconds() / interval.toSeconds()) + 3;
}

/** The resolved judge settings as the plain JSON object the judge reads (durations as strings, e.g. "30m"). */
export function judgeSettingsJson(judge: JudgeSettingsSpec): Record<string, unknown> {
  requireObjectArguments('judgeSettingsJson', { judge });
  return JSON.parse(JSON.stringify(judge)) as Record<string, unknown>;
}

/**
 * `<name>-judge`: the canary judge as a web metric (`POST ${judgeUrl}/argo/v1/judge`, the verdict JSON as
 * `result`): pass is Successful, fail is Failed, hold (neither condition) is Inconclusive. Read in Argo Rollouts'
 * source (analysis/analysis.go `assessMetricStatus`, `assessMetricFailureInconclusiveOrError`):
 * - `failureLimit: 0`: the first fail fails the run, and the Rollout aborts (the judge's fail is final, as Flagger's
 *   rollback hook);
 * - `inconclusiveLimit`: a run turns Inconclusive (the Rollout pauses) once holds exceed it, so it covers every
 *   hold the judge can answer before `maxHold` ({@link judgeHoldLimit});
 * - `consecutiveErrorLimit` the same: an unreachable judge, or one that refuses the request (400), waits as long as
 *   a hold would, then the run ends in Error and the Rollout aborts.
 *
 * Two modes:
 * - background (canary steps, no `count`): gate `rollback`, the question Flagger's rollback hook asks every interval
 *   (its verdict is the promotion gate's: pass needs the evidence to promote, a shortage after `maxHold` fails).
 *   Only a fail acts: Argo's steps advance on their pause timers whatever the judge answers, and the background run
 *   is terminated Successful after the last step (docs/features/analysis.md, "terminating analyses prematurely"),
 *   so a release can be promoted while the judge still holds. That is the difference with Flagger, whose confirm
 *   hooks hold the weight until the judge passes (parity table).
 * - counted (blue/green `prePromotionAnalysis`, which Argo requires to end): gate `promotion`,
 *   `consecutiveSuccessLimit: 1` ends the metric at the first pass, so promotion waits for the judge's pass as
 *   Flagger's confirm-promotion hook does; `count` leaves room for every hold.
 */
export function renderJudgeTemplate(spec: ResolvedCanaryService, names: ArgoRolloutsNames, mode: AnalysisMode): KubeObject | undefined {
  requireObjectArguments('renderJudgeTemplate', { spec, names, mode });
  const judge = spec.analysis.judge;
  if (judge === false) return undefined;
  const holds = judgeHoldLimit(judge, spec.analysis.interval);
  const background = mode.count === undefined;
  return template(spec, names.analysisTemplate('judge'), {
    name: 'judge',
    interval: spec.analysis.interval.toString(),
    // The canary gets its first production traffic with the first step: ask one interval later, as the checks do.
    initialDelay: spec.analysis.interval.toString(),
    ...(background ? {} : { count: holds + 1, consecutiveSuccessLimit: 1 }),
    failureLimit: 0,
    inconclusiveLimit: holds,
    consecutiveErrorLimit: holds,
    successCondition: JUDGE_SUCCESS_CONDITION,
    failureCondition: JUDGE_FAILURE_CONDITION,
    provider: {
      web: {
        url: `${PLATFORM_CONTRACT.judgeUrl}${JUDGE_ARGO_ROUTE}`,
        method: 'POST',
        timeoutSeconds: JUDGE_TIMEOUT_SECONDS,
        // The whole verdict is `result` (Argo's default JSONPath, written out).
        jsonPath: '{$}',
        jsonBody: {
          namespace: spec.namespace,
          // Istio's destination_workload of every Rollout pod (the name the checks' queries use); the canary is the
          // pods whose destination_canonical_revision is the new revision.
          workload: names.rollout,
          canaryRevision: ARG_REF,
          gate: background ? 'rollback' : 'promotion',
          settings: judgeSettingsJson(judge),
        },
      },
    },
  });
}
