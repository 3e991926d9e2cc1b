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
 */
import { type KubeObject, requireObjectArguments } from '../../../shared';
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
