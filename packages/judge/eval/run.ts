/**
 * The evaluation: every release of the corpus under every controller, decided tick by tick from a real
 * Prometheus.
 *
 * A controller's decisions change the traffic split, so a release's telemetry depends on the decisions made on
 * it. The harness therefore works in rounds: (1) simulate every unfinished trajectory, taking its already verified
 * decisions and predicting the others with the TypeScript model of Prometheus (./proxy.ts); (2) write all their
 * series as OpenMetrics, backfill them with promtool and start Prometheus; (3) replay each trajectory's ticks
 * against Prometheus with exactly the production code path (observe + judge, or the checks' PromQL) until the
 * first decision that differs from the prediction; that decision is kept and the trajectory simulated again next
 * round. A trajectory is final when every decision was confirmed by Prometheus. Deterministic for a seed.
 */
import type { JudgeSettings, JudgeSpec } from '../spec';
import { baselineChecks, CONTROLLER_NAMES, CONTROLLERS, evalJudgeSpec, judgeTick, nextState, prometheusChecks, thresholdTick, type BaselineCheck, type ControllerName, type ControllerState, type TickDecision } from './controllers';
import { firstCrossing } from './first-crossing';
import { writeOpenMetrics } from './openmetrics';
import { findPrometheusTools, withPrometheus, type PrometheusTools } from './prometheus-process';
import { judgeProxyClient } from './proxy';
import { summarize, type JudgeEvalReport, type TrajectoryResult } from './report';
import { buildCorpus, type ReleaseScenario } from './scenarios';
import { TrafficSimulation } from './simulate';
import type { PrometheusClient } from '../prometheus';

/** Options of {@link runJudgeEval}. */
export interface JudgeEvalOptions {
  /** Number of simulated releases (each run under every controller). */
  readonly releases: number;
  /** Seed of the corpus and the traffic. */
  readonly seed: number;
  /** Include every release's result in the report. @default false */
  readonly json?: boolean;
  /** Share of healthy releases in the corpus. @default 0.5 */
  readonly healthyShare?: number;
  /** Traffic levels the releases cycle through (repeat one to weight it). @default 1, 10, 100, 1000 req/s */
  readonly trafficLevels?: readonly number[];
  /** The judge's settings. @default - the defaults */
  readonly settings?: JudgeSettings;
  /** The Prometheus binaries. @default - found on the PATH or in /usr/bin */
  readonly tools?: PrometheusTools;
  /** Progress lines (rounds, sizes). @default - none */
  readonly progress?: (line: string) => void;
  /** Rounds before giving up on trajectories whose predictions keep differing. @default 12 */
  readonly maxRounds?: number;
}

/** Simulated time: 2025-01-01T00:00:00Z, a multiple of the TSDB's 2-hour blocks. */
const T0 = 1735689600;
/** Primary traffic before the release starts. */
const PREHISTORY = 120;

interface Tick {
  readonly time: number;
  readonly decision: TickDecision;
  readonly canaryRequests: number;
  readonly evidenceRequests?: number;
}

interface Trajectory {
  readonly release: ReleaseScenario;
  readonly controller: ControllerName;
  readonly namespace: string;
  verified: Tick[];
  predicted: Tick[];
  sim?: TrafficSimulation;
  final: boolean;
}

function maxTicks(controller: ControllerName, spec: JudgeSpec): number {
  const c = CONTROLLERS[controller];
  if (controller === 'judge') return Math.ceil(spec.maxHold.toSeconds() / c.intervalSeconds) + 3;
  return c.weights.length + c.threshold + 3;
}

type Decider = (t: Trajectory, time: number, state: ControllerState) => Promise<{ decision: TickDecision; evidenceRequests?: number }>;

function decider(client: (t: Trajectory) => PrometheusClient, checkSource: (t: Trajectory) => (check: BaselineCheck, time: number) => Promise<number | undefined>, spec: JudgeSpec, checks: Map<string, BaselineCheck[]>): Decider {
  return async (t, time, state) => {
    if (t.controller === 'judge') {
      const r = await judgeTick(client(t), t.namespace, spec, time, state);
      const evidenceRequests = r.decision.action === 'rollback' && (r.decision.cause === 'evidence' || r.decision.cause === 'hard-limit') && r.observation.kind === 'observed' ? firstCrossing(r.observation.strata, spec, r.observation.baseline) : undefined;
      return { decision: r.decision, ...(evidenceRequests !== undefined ? { evidenceRequests } : {}) };
    }
    const list = checks.get(t.namespace) ?? [];
    return { decision: await thresholdTick(t.controller, list, checkSource(t), time, state) };
  };
}

/** Simulates `t`: verified ticks as they were, the rest predicted by `predict`. */
async function simulate(t: Trajectory, spec: JudgeSpec, predict: Decider): Promise<void> {
  const config = CONTROLLERS[t.controller];
  const releaseStart = T0 + PREHISTORY + t.release.phaseSeconds;
  const sim = new TrafficSimulation(t.release, { t0: T0, releaseStart, intervalSeconds: config.intervalSeconds }, t.namespace);
  t.sim = sim;
  t.predicted = [];
  let state: ControllerState = { step: -1, failedChecks: 0 };
  for (let k = 1; k <= maxTicks(t.controller, spec); k++) {
    const time = releaseStart + k * config.intervalSeconds;
    sim.advanceTo(time);
    const known = t.verified[k - 1];
    const tick: Tick = known ?? { time, ...(await predict(t, time, state)), canaryRequests: sim.canaryRequestsUntil(time) };
    t.predicted.push(tick);
    if (tick.decision.action === 'rollback' || tick.decision.action === 'promote') return;
    state = nextState(state, tick.decision);
    if (tick.decision.action === 'advance') sim.setWeight(time, config.weights[state.step]);
  }
}

/**
 * Replays every tick of `t` not yet verified against Prometheus (ticks in parallel: each tick's controller state
 * follows from the predicted decisions before it, which are right up to the first disagreement), keeps the real
 * decisions up to and including the first one that differs, and returns true when all agreed.
 */
async function verify(t: Trajectory, real: Decider, run: <T>(job: () => Promise<T>) => Promise<T>): Promise<boolean> {
  const states: ControllerState[] = [];
  let state: ControllerState = { step: -1, failedChecks: 0 };
  for (const tick of t.predicted) {
    states.push(state);
    state = nextState(state, tick.decision);
  }
  const from = t.verified.length;
  const real_ = await Promise.all(t.predicted.slice(from).map((tick, i) => run(() => real(t, tick.time, states[from + i]))));
  for (const [i, r] of real_.entries()) {
    const predicted = t.predicted[from + i];
    t.verified.push({ time: predicted.time, decision: r.decision, canaryRequests: predicted.canaryRequests, ...(r.evidenceRequests !== undefined ? { evidenceRequests: r.evidenceRequests } : {}) });
    if (r.decision.action !== predicted.decision.action || r.decision.cause !== predicted.decision.cause) return false;
  }
  return true;
}

/** A limiter: at most `concurrency` jobs run at once. */
function limiter(concurrency: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

function result(t: Trajectory): TrajectoryResult {
  const ticks = t.verified;
  const last = ticks[ticks.length - 1];
  const config = CONTROLLERS[t.controller];
  const ended = last !== undefined && (last.decision.action === 'rollback' || last.decision.action === 'promote');
  return {
    release: t.release.id,
    requestsPerSecond: t.release.requestsPerSecond,
    kind: t.release.kind,
    disturbance: t.release.disturbance.kind,
    controller: t.controller,
    outcome: !t.final ? 'unresolved' : !ended ? 'unfinished' : last.decision.action === 'promote' ? 'promoted' : 'rolled-back',
    cause: last?.decision.cause ?? null,
    minutes: last === undefined ? null : ((ticks.length - 1) * config.intervalSeconds) / 60,
    canaryRequests: last?.canaryRequests ?? 0,
    evidenceRequests: last?.evidenceRequests ?? null,
    reason: last?.decision.reason ?? null,
  };
}

/**
 * Runs the evaluation and returns its report.
 * @throws Error when promtool or prometheus is missing (pass `tools` to point at them)
 */
export async function runJudgeEval(options: JudgeEvalOptions): Promise<JudgeEvalReport> {
  const started = Date.now();
  const tools = options.tools ?? findPrometheusTools();
  if (tools === undefined) throw new Error('the judge evaluation needs promtool and prometheus (Debian/Ubuntu: apt-get install prometheus)');
  const spec = evalJudgeSpec(options.settings);
  const progress = options.progress ?? (() => undefined);
  const corpus = buildCorpus({ releases: options.releases, seed: options.seed, ...(options.healthyShare !== undefined ? { healthyShare: options.healthyShare } : {}), ...(options.trafficLevels ? { trafficLevels: options.trafficLevels } : {}) });
  const trajectories: Trajectory[] = corpus.flatMap((release) =>
    CONTROLLER_NAMES.map((controller) => ({ release, controller, namespace: `e${release.id}${controller[0]}`, verified: [], predicted: [], final: false })),
  );
  const checks = new Map<string, BaselineCheck[]>();
  for (const t of trajectories) if (t.controller !== 'judge') checks.set(t.namespace, baselineChecks(t.controller, t.namespace));
  const predict = decider(
    (t) => judgeProxyClient(t.sim?.series ?? []),
    (t) => async (check, time) => check.model(t.sim?.series ?? [], time),
    spec,
    checks,
  );
  let rounds = 0;
  let samples = 0;
  let disagreements = 0;
  const maxRounds = options.maxRounds ?? 12;
  while (rounds < maxRounds) {
    const pending = trajectories.filter((t) => !t.final);
    if (pending.length === 0) break;
    rounds++;
    let clock = Date.now();
    const lap = (): string => {
      const seconds = ((Date.now() - clock) / 1000).toFixed(1);
      clock = Date.now();
      return `${seconds}s`;
    };
    for (const t of pending) await simulate(t, spec, predict);
    progress(`round ${rounds}: simulated ${pending.length} trajectories (${lap()})`);
    await withPrometheus(
      tools,
      (file) => writeOpenMetrics(file, pending.map((t) => t.sim?.series ?? [])),
      async (prometheus) => {
        progress(`round ${rounds}: ${prometheus.samples} samples written, backfilled, Prometheus ready (${lap()})`);
        samples += prometheus.samples;
        const real = decider(() => prometheus.client, () => prometheusChecks(prometheus.client), spec, checks);
        const run = limiter(Number(process.env.JUDGE_EVAL_CONCURRENCY ?? 24));
        await Promise.all(
          pending.map(async (t) => {
            t.final = await verify(t, real, run);
            if (!t.final) disagreements++;
          }),
        );
      },
    );
    progress(`round ${rounds}: ${pending.length} trajectories replayed against Prometheus, ${pending.filter((t) => !t.final).length} to simulate again (${lap()})`);
  }
  return summarize(trajectories.map(result), { releases: options.releases, seed: options.seed, rounds, samples, disagreements, seconds: (Date.now() - started) / 1000, spec, includeTrajectories: options.json === true });
}
