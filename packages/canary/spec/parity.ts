/**
 * Feature parity between the two engines, as data (rendered into docs/argo-rollouts.md and asserted by tests)
 * and as validation: a CanaryService feature the chosen engine cannot express is rejected with a message that
 * names the feature, the engine, why, and what to do instead. Nothing is dropped or approximated silently.
 *
 * Decided from the engines' own documentation and source (Flagger 1.44 `pkg/controller/scheduler.go`,
 * `pkg/loadtester`; Argo Rollouts `pkg/apis/rollouts/validation`, `rollout/trafficrouting/istio`,
 * `docs/features`, notifications-engine services).
 */
import { requireObjectArguments, type Problem } from '../../shared';
import { describe, formatPath } from './schema-helpers';
import type { Engine } from './props';
import type { ResolvedCanaryService } from './resolved';

/** The engine names, as `CanaryServiceProps.engine` spells them. */
export type EngineName = Engine;

/** How an engine provides a feature. */
export interface EngineSupport {
  /** `native`: a field of the engine does it; `equivalent`: rendered from other primitives with the same behaviour; `rejected`: validation refuses it. */
  readonly level: 'native' | 'equivalent' | 'rejected';
  /** What is rendered, or why it is rejected. */
  readonly how: string;
}

/** One row of the parity table. */
export interface ParityRow {
  /** The feature, as users name it. */
  readonly feature: string;
  /** The CanaryService prop(s) that ask for it. */
  readonly props: string;
  /** Flagger. */
  readonly flagger: EngineSupport;
  /** Argo Rollouts. */
  readonly argoRollouts: EngineSupport;
}

const native = (how: string): EngineSupport => ({ level: 'native', how });
const equivalent = (how: string): EngineSupport => ({ level: 'equivalent', how });
const rejected = (how: string): EngineSupport => ({ level: 'rejected', how });

/** The parity table: every CanaryService feature and how each engine renders it. */
export const PARITY_TABLE: readonly ParityRow[] = [
  { feature: 'Progressive canary', props: 'strategy.kind canary (stepWeight/maxWeight or stepWeights)', flagger: native('analysis.stepWeight + maxWeight, or stepWeights'), argoRollouts: native('setWeight + pause(interval) per step (the last pause lasts threshold intervals), background analysis from the first setWeight') },
  { feature: 'A/B testing on a header (exact, prefix, regex)', props: 'strategy.kind abTesting, match[].kind header', flagger: native('analysis.match headers, iterations'), argoRollouts: native('setHeaderRoute (managed route `ab-test`; rules are ORed, as in Flagger)') },
  { feature: 'A/B testing on a header suffix', props: 'match[].match suffix', flagger: native('Istio suffix match'), argoRollouts: equivalent('regex `.*<escaped suffix>` (Envoy regexes match the whole value)') },
  { feature: 'A/B testing on a cookie', props: 'match[].kind cookie', flagger: native('regex on the `cookie` header'), argoRollouts: native('the same regex on the `cookie` header via setHeaderRoute') },
  { feature: 'A/B iterations', props: 'strategy.iterations', flagger: native('iterations x interval, then promotion'), argoRollouts: equivalent('one pause of (iterations + threshold - 1) x interval while background analysis measures every interval: the same pass/fail decision as iterations passing analyses before threshold failures') },
  { feature: 'Blue/green', props: 'strategy.kind blueGreen', flagger: native('iterations, traffic switched at promotion'), argoRollouts: native('blueGreen: active `<name>`, preview `<name>-canary`, prePromotionAnalysis with count = iterations + threshold - 1, autoPromotionEnabled; promotes right after the switch (Flagger analyses once more with live traffic first)') },
  { feature: 'Blue/green with mirrored traffic', props: 'strategy.mirrorWeight (blueGreen)', flagger: native('mirror + mirrorWeight during the iterations'), argoRollouts: equivalent('canary steps: setMirrorRoute for (iterations + threshold - 1) x interval, then all traffic switches at promotion (Argo blueGreen cannot route)') },
  { feature: 'Mirroring, then progressive canary', props: 'strategy.kind mirror', flagger: native('mirror for one interval, then the schedule'), argoRollouts: native('setMirrorRoute(percentage) + pause(interval), route removed, then setWeight steps') },
  { feature: 'Analysis interval and threshold', props: 'analysis.interval, analysis.threshold', flagger: native('rollback when failed checks >= threshold; the weight holds while a check fails'), argoRollouts: equivalent('each metric: interval, failureLimit = threshold - 1 (fails when failures > limit); steps keep advancing while a check fails') },
  { feature: 'Success rate, P99, error rate, P95, relative latency, business metrics', props: 'analysis.checks', flagger: native('builtin metrics and MetricTemplates (Prometheus), canary = Deployment <name>'), argoRollouts: equivalent('AnalysisTemplates (Prometheus provider), same queries, canary = revision label of the new pods, same thresholds, no data fails') },
  { feature: 'Business metric selecting the canary pods by {{ target }}', props: 'analysis.checks.business[].query', flagger: native('{{ target }} is the canary Deployment (the primary is <name>-primary)'), argoRollouts: rejected('stable and canary pods share the Rollout workload name; only revision labels tell them apart') },
  { feature: 'Business metric named request-success-rate, request-duration, acceptance-test, load-test or judge', props: 'analysis.checks.business[].name', flagger: native('custom metric next to the builtin of that name'), argoRollouts: rejected('metric names must be unique in an AnalysisRun and these are taken') },
  { feature: 'Statistical canary judge (pass, hold, fail)', props: 'analysis.judge', flagger: native('confirm-traffic-increase, confirm-promotion and rollback webhooks to the judge'), argoRollouts: equivalent('web metric `judge` POSTing to the judge (/argo/v1/judge): in the background analysis (gate rollback) a fail aborts at once and holds are Inconclusive within inconclusiveLimit (maxHold / interval + 3); blue/green prePromotionAnalysis waits for a pass. Difference: canary steps advance on their pause timers and promote while the judge holds; only its fail stops them (Flagger holds the weight until it passes)') },
  { feature: 'Progress deadline', props: 'analysis.progressDeadline', flagger: native('progressDeadlineSeconds'), argoRollouts: native('progressDeadlineSeconds + progressDeadlineAbort') },
  { feature: 'Acceptance test before traffic', props: 'webhooks.acceptanceTest', flagger: native('pre-rollout webhook through flagger-loadtester'), argoRollouts: equivalent('inline analysis step: web metric POSTing the same command to flagger-loadtester') },
  { feature: 'Load test', props: 'webhooks.loadTest', flagger: native('rollout webhook through flagger-loadtester every interval'), argoRollouts: equivalent('background web metric POSTing the same `hey` command to flagger-loadtester every interval') },
  { feature: 'Manual gate before the release starts', props: 'webhooks.confirmRollout', flagger: native('confirm-rollout webhook (loadtester /gate/open)'), argoRollouts: equivalent('first step `pause: {}` (kubectl argo rollouts promote); rejected for blueGreen without mirroring, whose preview starts at once') },
  { feature: 'Manual gate before promotion', props: 'webhooks.confirmPromotion', flagger: native('confirm-promotion webhook (loadtester /gate/open)'), argoRollouts: native('last step `pause: {}`; blueGreen autoPromotionEnabled: false (kubectl argo rollouts promote)') },
  { feature: 'On-call aborts a release at once', props: 'webhooks.rollbackGate', flagger: native('rollback webhook (loadtester /rollback/open)'), argoRollouts: native('built in: kubectl argo rollouts abort (always available, nothing rendered)') },
  { feature: 'Webhook after promotion or rollback', props: 'webhooks.postRollout', flagger: native('post-rollout webhook'), argoRollouts: rejected('Argo Rollouts calls no webhook after a rollback; use alerts') },
  { feature: 'Slack alerts to a channel', props: 'alerts[] type slack with channel', flagger: native('AlertProvider (webhook address from a Secret)'), argoRollouts: native('notifications.argoproj.io/subscribe.<trigger>.slack annotations; the controller posts with its Slack app') },
  { feature: 'Alert webhook Secret', props: 'alerts[].secretName', flagger: native('AlertProvider secretRef (key `address`)'), argoRollouts: equivalent("not read: the controller posts with its Slack app token (argo-rollouts-notification-secret, set on the platform add-on)") },
  { feature: 'Slack alert without a channel', props: 'alerts[] type slack, no channel', flagger: native("the webhook's default channel"), argoRollouts: rejected('a subscription must name its channel') },
  { feature: 'Alert sender name', props: 'alerts[].username', flagger: native('AlertProvider username'), argoRollouts: rejected('the sender is configured once on the controller') },
  { feature: 'Rocket.Chat, MS Teams, Discord alerts', props: 'alerts[] type rocket, msteams, discord', flagger: native('AlertProvider with a webhook address'), argoRollouts: rejected('the platform configures Slack only; Rocket.Chat needs a bot login, Teams a controller-level webhook, Discord has no service') },
  { feature: 'Autoscaling, disruption budget', props: 'scaling', flagger: native('HPA on the Deployment (Flagger copies it for the primary), PDB'), argoRollouts: native('HPA targeting the Rollout, PDB over all of its pods') },
  { feature: 'Routing policy and ingress', props: 'traffic, ingress', flagger: native('Canary service block (Flagger writes the VirtualService)'), argoRollouts: native('VirtualService and DestinationRule rendered here; Argo Rollouts patches weights and subsets') },
];

/** The engine named in messages. */
const ENGINE = 'engine "argoRollouts"';

/** Check names Argo Rollouts needs for its own AnalysisTemplates and metrics (metric names must be unique per run). */
export const ARGO_RESERVED_CHECK_NAMES = ['request-success-rate', 'request-duration', 'acceptance-test', 'load-test', 'judge'] as const;

/** The parts of a (possibly partially valid) spec the parity rules read; each is checked only when present. */
export interface ParityInput {
  /** The strategy (kind, and mirroring for blue/green). @default - not checked */
  readonly strategy?: { readonly kind: string; readonly mirrorWeight?: number };
  /** The webhooks (manual gate before the release, post-rollout). @default - not checked */
  readonly webhooks?: { readonly confirmRollout: boolean; readonly postRollout?: { readonly url: string } };
  /** The alerts (service, channel, sender name). @default - not checked */
  readonly alerts?: readonly { readonly type: string; readonly channel?: string; readonly username?: string }[];
  /** The analysis (business metric names and queries). @default - not checked */
  readonly analysis?: { readonly checks: { readonly business: readonly { readonly name: string; readonly query: string }[] } };
}

/** One feature the engine cannot express: where it is asked for, the value, and the complete rule. */
export interface UnsupportedFeature {
  /** Path of the prop, e.g. `['webhooks', 'postRollout', 'url']`. */
  readonly path: readonly (string | number)[];
  /** The offending value (printed before the rule), or undefined. */
  readonly value: unknown;
  /** `is not supported by engine "argoRollouts" (feature): why; what to do`. */
  readonly rule: string;
}

/**
 * Every feature in `input` that Argo Rollouts cannot express. The CanaryService validation runs this when
 * `engine` is `argoRollouts` (packages/canary/spec/rules.ts), so these come with every other problem.
 */
export function unsupportedByArgoRollouts(input: ParityInput): UnsupportedFeature[] {
  requireObjectArguments('unsupportedByArgoRollouts', { input });
  const out: UnsupportedFeature[] = [];
  const reject = (path: (string | number)[], value: unknown, feature: string, why: string): void => {
    out.push({ path, value, rule: `is not supported by ${ENGINE} (${feature}): ${why}` });
  };
  const { strategy, webhooks, alerts, analysis } = input;

  if (webhooks?.confirmRollout === true && strategy?.kind === 'blueGreen' && strategy.mirrorWeight === undefined) {
    reject(['webhooks', 'confirmRollout'], true, 'manual gate before a blue/green release starts',
      "Argo's blueGreen strategy starts the preview pods at once and has no step before them; use confirmPromotion, or engine \"flagger\"");
  }
  if (webhooks?.postRollout !== undefined) {
    reject(['webhooks', 'postRollout', 'url'], webhooks.postRollout.url, 'post-rollout webhook',
      'Argo Rollouts calls no webhook after a promotion or a rollback; remove it and use alerts, or use engine "flagger"');
  }
  (analysis?.checks.business ?? []).forEach((metric, i) => {
    if ((ARGO_RESERVED_CHECK_NAMES as readonly string[]).includes(metric.name)) {
      reject(['analysis', 'checks', 'business', i, 'name'], metric.name, 'business metric named like a built-in analysis',
        `Argo Rollouts needs unique metric names and uses ${ARGO_RESERVED_CHECK_NAMES.join(', ')} itself; choose another name`);
    }
    if (/\{\{\s*target\s*\}\}/.test(metric.query)) {
      reject(['analysis', 'checks', 'business', i, 'query'], undefined, 'business metric selecting the canary by {{ target }}',
        'stable and canary pods of a Rollout share one workload name, so {{ target }} would measure both versions; query the whole service ({{ namespace }}, {{ service }}), or use engine "flagger"');
    }
  });
  (alerts ?? []).forEach((alert, i) => {
    if (alert.type !== 'slack') {
      reject(['alerts', i, 'type'], alert.type, `${ALERT_TYPE_NAMES[alert.type] ?? alert.type} alerts`, `${UNSUPPORTED_ALERT_REASONS[alert.type] ?? 'Argo Rollouts has no such service'}; use type "slack", or engine "flagger"`);
      return;
    }
    if (alert.channel === undefined) {
      out.push({
        path: ['alerts', i, 'channel'],
        value: undefined,
        rule: `is required by ${ENGINE} (Slack alert): an Argo Rollouts subscription names its channel, it has no webhook default; set it (the controller's Slack app must be invited to it)`,
      });
    }
    if (alert.username !== undefined) {
      reject(['alerts', i, 'username'], alert.username, 'alert sender name',
        'Argo Rollouts posts as the Slack app configured once on the controller; remove username, or use engine "flagger"');
    }
  });
  return out;
}

/**
 * {@link unsupportedByArgoRollouts} as problems of service `spec.name`, e.g.
 * `podinfo: webhooks.postRollout.url "https://..." is not supported by engine "argoRollouts" (post-rollout webhook): ...`.
 */
export function argoRolloutsParityProblems(spec: ResolvedCanaryService): Problem[] {
  requireObjectArguments('argoRolloutsParityProblems', { spec });
  return unsupportedByArgoRollouts(spec).map((u) => ({ subject: spec.name, path: formatPath(u.path), message: describe(u.value, u.rule) }));
}

const ALERT_TYPE_NAMES: Readonly<Record<string, string>> = { rocket: 'Rocket.Chat', msteams: 'MS Teams', discord: 'Discord', slack: 'Slack' };

const UNSUPPORTED_ALERT_REASONS: Readonly<Record<string, string>> = {
  rocket: "Argo's Rocket.Chat service logs in as a bot user (email and password), not with the webhook address this alert's Secret holds",
  msteams: "Argo's Teams service takes its webhook addresses in the controller's configuration, not from the service's Secret",
  discord: 'Argo Rollouts has no Discord notification service',
};

/** The parity table as Markdown (docs/argo-rollouts.md embeds it; a test keeps them equal). */
export function parityTableMarkdown(): string {
  const cell = (s: EngineSupport): string => `${s.level === 'rejected' ? '**rejected**' : s.level}: ${s.how}`.replace(/\|/g, '\\|');
  return [
    '| Feature | CanaryService props | Flagger | Argo Rollouts |',
    '|---|---|---|---|',
    ...PARITY_TABLE.map((r) => `| ${r.feature} | ${r.props.replace(/\|/g, '\\|')} | ${cell(r.flagger)} | ${cell(r.argoRollouts)} |`),
  ].join('\n');
}
