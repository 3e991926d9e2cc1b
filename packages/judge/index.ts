/**
 * canary-platform judge (issue 18): a statistically sound canary judge for Flagger and Argo Rollouts.
 *
 * Public entry points: `judge` (pure verdict), `observe` (Prometheus), `judgeQueries` (the PromQL),
 * `estimateReleaseDuration` (planning), `createJudgeServer`/`startJudgeServer` (HTTP), `runJudgeEval` (evaluation).
 */
export { judge, GATES, regressedErrorRate, thresholds, type Thresholds, type Analysis, type Gate, type JudgeInput, type Observation, type TestSummary, type Verdict, type VersionSummary } from './decide';
export { Duration, DURATION_RULE } from './duration';
export { estimateReleaseDuration, type Baseline, type ReleaseDurationEstimate, type ReleaseDurationInput } from './plan';
export { observe, startLookback, type ObserveRequest, type ObserveResult, type StartRule } from './observe';
export { httpPrometheus, PrometheusError, type PrometheusClient, type QueryResult } from './prometheus';
export { judgeQueries, flaggerStartQuery, flaggerWeightNowQuery, firstCanaryTrafficQuery, sideSelector, type JudgeQueries, type JudgeTarget, type QueryScope, type SourceWorkload } from './queries';
export { argoRequest, flaggerRequest, RequestError, type JudgeRequest } from './requests';
export { ARGO_ROUTE, createJudgeServer, FLAGGER_ROUTES, flaggerStatus, startJudgeServer, type JudgeServerOptions, type RunningJudgeServer } from './server';
export { JUDGE_DEFAULTS, JudgeSettingsError, judgeSettingsSchema, resolveJudgeSettings, type ErrorRateRegression, type JudgeSettings, type JudgeSpec, type LatencyLimit } from './spec';
export type { SideCounts, Stratum } from './counters';
export { selectStrata, type StrataSelection } from './incidents';
