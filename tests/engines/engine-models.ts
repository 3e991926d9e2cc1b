/**
 * Executable models of the two engines' release logic, read from RENDERED objects (a Flagger Canary, an Argo
 * Rollout and its AnalysisTemplates), so the equivalence tests compare what each engine would do with what we
 * actually render, not with our own intentions.
 *
 * Flagger: a transcription of pkg/controller/scheduler.go (v1.44): `maxWeight`, `nextStepWeight`, `runCanary`
 * (mirror step), `runAB`/`runBlueGreen` (iterations), and the failed-checks threshold.
 * Argo Rollouts: steps (`setWeight`, `setMirrorRoute`, `pause`), background analysis from `startingStep` or
 * `count` measurements, and analysis/analysis.go's `failed > failureLimit`.
 */

/** One traffic state a release passes through, in order. */
export type TrafficState = { readonly mirror: number } | { readonly weight: number };

/** A Flagger Canary `spec.analysis` block (the fields the scheduler reads). */
export interface FlaggerAnalysis {
  readonly interval: string;
  readonly threshold: number;
  readonly stepWeight?: number;
  readonly maxWeight?: number;
  readonly stepWeights?: readonly number[];
  readonly iterations?: number;
  readonly mirror?: boolean;
  readonly mirrorWeight?: number;
  readonly match?: readonly unknown[];
  readonly metrics?: readonly { readonly name: string; readonly interval: string; readonly thresholdRange: { min?: number; max?: number } }[];
}

/** scheduler.go `maxWeight`. */
function flaggerMaxWeight(a: FlaggerAnalysis): number {
  if (a.stepWeights && a.stepWeights.length > 0) return Math.min(100, a.stepWeights[a.stepWeights.length - 1]);
  return a.maxWeight && a.maxWeight > 0 ? a.maxWeight : 100;
}

/** scheduler.go `nextStepWeight`. */
function flaggerNextStepWeight(a: FlaggerAnalysis, canaryWeight: number): number {
  const steps = a.stepWeights ?? [];
  if ((a.stepWeight ?? 0) > 0 || steps.length === 0) return a.stepWeight ?? 0;
  const maxStep = 100 - canaryWeight;
  if (maxStep === 0) return 1;
  if (canaryWeight === 0) return Math.min(maxStep, steps[0]);
  for (let i = 0; i < steps.length - 1; i++) if (steps[i] === canaryWeight) return Math.min(maxStep, steps[i + 1] - canaryWeight);
  return maxStep;
}

/**
 * The traffic states of a Flagger progressive canary when every check passes (runCanary): the mirror step
 * (weight 0, traffic mirrored) when `mirror` is set, then each weight until `maxWeight` is reached.
 * Empty for iteration strategies (A/B testing, blue/green), which shift no weights.
 */
export function flaggerTraffic(a: FlaggerAnalysis): TrafficState[] {
  if ((a.iterations ?? 0) > 0) return a.mirror ? [{ mirror: a.mirrorWeight ?? 100 }] : [];
  const out: TrafficState[] = [];
  const max = flaggerMaxWeight(a);
  let weight = 0;
  let mirrored = false;
  for (let guard = 0; weight < max && guard < 1000; guard++) {
    const next = flaggerNextStepWeight(a, weight);
    if (a.mirror && weight === 0 && !mirrored) {
      mirrored = true;
      out.push({ mirror: a.mirrorWeight ?? 100 });
      continue;
    }
    weight = Math.min(100, weight + next);
    out.push({ weight });
  }
  return out;
}

/** Passing analyses Flagger needs before it promotes: one per traffic state, or the iterations. */
export function flaggerAnalysesToPromote(a: FlaggerAnalysis): number {
  return (a.iterations ?? 0) > 0 ? (a.iterations as number) : flaggerTraffic(a).length;
}

/** A release decision on a sequence of analysis results (true = every check passed). */
export type Decision = { readonly promoted: true } | { readonly promoted: false; readonly afterMeasurements: number };

/** Flagger: a failed analysis repeats the step; rollback when failed checks reach `threshold`. */
export function flaggerDecision(results: readonly boolean[], analysesToPromote: number, threshold: number): Decision {
  let passed = 0;
  let failed = 0;
  for (let i = 0; i < results.length; i++) {
    if (results[i]) passed++;
    else failed++;
    if (failed >= threshold) return { promoted: false, afterMeasurements: i + 1 };
    if (passed >= analysesToPromote) return { promoted: true };
  }
  throw new Error(`flaggerDecision: ${results.length} results are not enough to decide`);
}

/** Argo: `measurements` measurements on schedule; the run fails as soon as failures exceed `failureLimit`. */
export function argoDecision(results: readonly boolean[], measurements: number, failureLimit: number): Decision {
  let failed = 0;
  for (let i = 0; i < measurements; i++) {
    if (i >= results.length) throw new Error(`argoDecision: ${results.length} results are not enough`);
    if (!results[i]) failed++;
    if (failed > failureLimit) return { promoted: false, afterMeasurements: i + 1 };
  }
  return { promoted: true };
}

/** Go duration text (`1m30s`, `45s`, `2h`) in seconds. */
export function goDurationSeconds(text: string): number {
  const re = /(\d+)(h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * { h: 3600, m: 60, s: 1 }[m[2] as 'h' | 'm' | 's'];
    consumed += m[0].length;
  }
  if (consumed !== text.length || text === '') throw new Error(`not a Go duration of whole seconds: ${text}`);
  return total;
}

/** A Rollout's canary steps (the fields read here). */
export type ArgoStep = {
  readonly setWeight?: number;
  readonly pause?: { readonly duration?: string };
  readonly setMirrorRoute?: { readonly name: string; readonly percentage?: number };
};

/** The traffic states of a Rollout's canary steps: each `setWeight`, and each mirror route added. */
export function argoTraffic(steps: readonly ArgoStep[]): TrafficState[] {
  const out: TrafficState[] = [];
  for (const step of steps) {
    if (step.setWeight !== undefined) out.push({ weight: step.setWeight });
    if (step.setMirrorRoute?.percentage !== undefined) out.push({ mirror: step.setMirrorRoute.percentage });
  }
  return out;
}

/**
 * Measurements background analysis takes before the steps end: the timed pauses from `startingStep` on,
 * divided by the interval (the first measurement comes one interval in, after `initialDelay`).
 */
export function argoBackgroundMeasurements(steps: readonly ArgoStep[], startingStep: number, intervalSeconds: number): number {
  const seconds = steps.slice(startingStep).reduce((sum, s) => sum + (s.pause?.duration !== undefined ? goDurationSeconds(s.pause.duration) : 0), 0);
  return Math.floor(seconds / intervalSeconds);
}

/** A Flagger-style pass range parsed back from an Argo `successCondition` written by this project. */
export function rangeFromSuccessCondition(condition: string): { min?: number; max?: number } {
  const min = /result\[0\] >= (-?[0-9.]+)/.exec(condition);
  const max = /result\[0\] <= (-?[0-9.]+)/.exec(condition);
  return { ...(min ? { min: Number(min[1]) } : {}), ...(max ? { max: Number(max[1]) } : {}) };
}

/** Every boolean sequence of length `n` (2^n of them), for exhaustive decision comparisons. */
export function allSequences(n: number): boolean[][] {
  const out: boolean[][] = [];
  for (let bits = 0; bits < 1 << n; bits++) out.push(Array.from({ length: n }, (_, i) => ((bits >> i) & 1) === 0));
  return out;
}

/** Istio StringMatch semantics (Envoy: regexes match the whole value). */
export function istioStringMatches(match: Readonly<Record<string, string>>, value: string): boolean {
  const [type, expected] = Object.entries(match)[0];
  switch (type) {
    case 'exact':
      return value === expected;
    case 'prefix':
      return value.startsWith(expected);
    case 'suffix':
      return value.endsWith(expected);
    case 'regex':
      return new RegExp(`^(?:${expected})$`).test(value);
    default:
      throw new Error(`unknown StringMatch ${type}`);
  }
}
