/**
 * The Rollout's canary steps, from the same strategy and schedule the Flagger engine reads.
 *
 * Flagger advances one step per analysis interval while every check passes; the Rollout does the same with a
 * `setWeight` followed by a `pause` of one interval, while background analysis measures every interval. Steps
 * that need pods before any traffic (acceptance test, mirroring, A/B) first scale the canary with
 * `setCanaryScale`, because with traffic routing a canary at weight 0 has no pods.
 *
 * Same decision as Flagger: Flagger needs one passing analysis per step (a failed one repeats the step) and
 * rolls back at the `threshold`-th failure, so it decides within `steps + threshold - 1` measurements. The
 * Rollout's last pause therefore lasts `threshold` intervals: the analysis measures `steps + threshold - 1`
 * times and fails when more than `threshold - 1` measurements fail, which passes and fails exactly the
 * sequences of results Flagger passes and fails. (Unlike Flagger, the weights keep advancing while a check
 * fails; a healthy release takes `threshold - 1` intervals longer.)
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/canary/
 */
import { requireObjectArguments } from '../../../shared';
import { Duration, scheduleWeights, type ResolvedCanaryService, type ResolvedMatchRule } from '../../spec';
import type { ArgoRolloutsNames } from './names';

/** A header value comparison, as `setHeaderRoute` takes it (exactly one field set). */
export type HeaderValueMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };

/** One `setHeaderRoute` match: requests whose header matches go to the canary (several matches are ORed). */
export interface HeaderRouteMatch {
  /** Header name. */
  readonly headerName: string;
  /** Comparison. */
  readonly headerValue: HeaderValueMatch;
}

/** One Argo Rollouts canary step (the subset this project renders). */
export type RolloutStep =
  | { readonly setWeight: number }
  | { readonly pause: { readonly duration?: string } }
  | { readonly setCanaryScale: { readonly replicas: number } | { readonly weight: number } | { readonly matchTrafficWeight: true } }
  | { readonly setHeaderRoute: { readonly name: string; readonly match?: readonly HeaderRouteMatch[] } }
  | {
      readonly setMirrorRoute: {
        readonly name: string;
        readonly percentage?: number;
        readonly match?: readonly { readonly path: { readonly prefix: string } }[];
      };
    }
  | { readonly analysis: { readonly templates: readonly { readonly templateName: string }[] } };

/** The steps and where the background analysis starts. */
export interface CanarySteps {
  /** Steps in order. */
  readonly steps: readonly RolloutStep[];
  /** Index of the first step that sends live (or mirrored) traffic to the canary: background analysis starts there. */
  readonly analysisStartingStep: number;
}

/** `n` analysis intervals as a Go duration string. */
export function intervals(interval: Duration, n: number): string {
  return Duration.millis(interval.toMilliseconds() * n).toString();
}

/** The whole-traffic mirror match: every request (`setMirrorRoute` needs at least one match to add its route). */
export function mirrorEveryRequest(): { path: { prefix: string } }[] {
  return [{ path: { prefix: '/' } }];
}

/**
 * The Rollout's canary steps for a `canary`, `mirror`, `abTesting` strategy, or a `blueGreen` strategy with
 * mirrored traffic (Argo's blueGreen strategy has no traffic routing, so that variant runs as canary steps that
 * mirror for the iterations and then switch all traffic at promotion, as Flagger does).
 *
 * @throws Error for a `blueGreen` strategy without mirroring: that one renders as Argo's `blueGreen` strategy
 */
export function canarySteps(spec: ResolvedCanaryService, names: ArgoRolloutsNames): CanarySteps {
  requireObjectArguments('canarySteps', { spec, names });
  const steps: RolloutStep[] = [];
  const interval = spec.analysis.interval;
  const { strategy, webhooks } = spec;

  if (webhooks.confirmRollout) steps.push({ pause: {} });
  const acceptance = (): void => {
    if (webhooks.acceptanceTest !== false) {
      steps.push({ analysis: { templates: [{ templateName: names.analysisTemplate('acceptance-test') }] } });
    }
  };

  const threshold = spec.analysis.threshold;
  const weightSteps = (weights: readonly number[]): void => {
    weights.forEach((weight, i) => {
      const last = i === weights.length - 1;
      steps.push({ setWeight: weight }, { pause: { duration: intervals(interval, last ? threshold : 1) } });
    });
  };

  let analysisStartingStep: number;
  switch (strategy.kind) {
    case 'canary': {
      if (webhooks.acceptanceTest !== false) {
        steps.push({ setCanaryScale: { replicas: 1 } });
        acceptance();
        steps.push({ setCanaryScale: { matchTrafficWeight: true } });
      }
      analysisStartingStep = steps.length;
      weightSteps(scheduleWeights(strategy));
      break;
    }
    case 'mirror': {
      steps.push({ setCanaryScale: { weight: strategy.mirrorWeight } });
      acceptance();
      analysisStartingStep = steps.length;
      steps.push(
        { setMirrorRoute: { name: names.mirrorRoute, percentage: strategy.mirrorWeight, match: mirrorEveryRequest() } },
        { pause: { duration: intervals(interval, 1) } },
        { setMirrorRoute: { name: names.mirrorRoute } },
        { setCanaryScale: { matchTrafficWeight: true } },
      );
      weightSteps(scheduleWeights(strategy));
      break;
    }
    case 'abTesting': {
      steps.push({ setCanaryScale: { weight: 100 } });
      acceptance();
      analysisStartingStep = steps.length;
      steps.push(
        { setHeaderRoute: { name: names.headerRoute, match: strategy.match.map(headerRouteMatch) } },
        { pause: { duration: intervals(interval, strategy.iterations + threshold - 1) } },
      );
      break;
    }
    case 'blueGreen': {
      if (strategy.mirrorWeight === undefined) {
        throw new Error('canarySteps: a blueGreen strategy without mirroring renders as the Rollout blueGreen strategy');
      }
      steps.push({ setCanaryScale: { weight: 100 } });
      acceptance();
      analysisStartingStep = steps.length;
      steps.push(
        { setMirrorRoute: { name: names.mirrorRoute, percentage: strategy.mirrorWeight, match: mirrorEveryRequest() } },
        { pause: { duration: intervals(interval, strategy.iterations + threshold - 1) } },
      );
      break;
    }
  }
  if (webhooks.confirmPromotion) steps.push({ pause: {} });
  return { steps, analysisStartingStep };
}

/**
 * An A/B match rule as a `setHeaderRoute` match. A cookie rule matches the `cookie` header with the same regex
 * as the Flagger engine; a `suffix` rule becomes the equivalent full-match regex (Envoy regexes match
 * the whole value), since `setHeaderRoute` offers exact, prefix and regex only.
 */
export function headerRouteMatch(rule: ResolvedMatchRule): HeaderRouteMatch {
  requireObjectArguments('headerRouteMatch', { rule });
  if (rule.kind === 'cookie') {
    return { headerName: 'cookie', headerValue: { regex: cookieRegex(rule.name, rule.value) } };
  }
  switch (rule.match) {
    case 'exact':
      return { headerName: rule.name, headerValue: { exact: rule.value } };
    case 'prefix':
      return { headerName: rule.name, headerValue: { prefix: rule.value } };
    case 'regex':
      return { headerName: rule.name, headerValue: { regex: rule.value } };
    case 'suffix':
      return { headerName: rule.name, headerValue: { regex: `.*${re2Escape(rule.value)}` } };
  }
}

/**
 * The regex matching a `cookie` header that carries `name=value` among other cookies: the one the Flagger engine
 * renders (Flagger's documented regex, allowing the space browsers put after `;`).
 */
export function cookieRegex(name: string, value: string): string {
  return `^(.*?;\\s*)?(${re2Escape(name)}=${re2Escape(value)})(;.*)?$`;
}

/** Escapes RE2 metacharacters. */
export function re2Escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
