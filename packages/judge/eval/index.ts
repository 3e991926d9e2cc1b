/**
 * The judge's evaluation harness: simulated releases decided by the judge and by today's threshold checks, every
 * decision taken from a real Prometheus (promtool backfill). See docs/judge.md, "Evaluation".
 */
export { runJudgeEval, type JudgeEvalOptions } from './run';
export { formatReport, type GroupStats, type JudgeEvalReport, type ReportRow, type TargetCheck, type TrajectoryResult } from './report';
export { buildCorpus, TRAFFIC_LEVELS, type CorpusOptions, type Disturbance, type ReleaseKind, type ReleaseScenario } from './scenarios';
export { findPrometheusTools, type PrometheusTools } from './prometheus-process';
export { CONTROLLERS, CONTROLLER_NAMES, type ControllerName } from './controllers';
