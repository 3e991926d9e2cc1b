/**
 * The Rollout (argoproj.io/v1alpha1).
 *
 * `spec.template`, not `workloadRef`: the pod template is the Flagger engine's Deployment template, built by the
 * same function (`renderPodTemplate`), so both engines run identical pods. `workloadRef` exists to adopt an
 * existing Deployment (Argo then scales it to zero); rendering a Deployment only to have it scaled away would
 * leave two workloads, two owners for the HPA to confuse, and a dormant Deployment that a re-apply scales up.
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/specification/
 */
import { createHash } from 'crypto';
import { requireObjectArguments, type KubeObject } from '../../../shared';
import { SELECTOR_LABEL, type ResolvedCanaryService } from '../../spec';
import { objectMetadata, renderPodTemplate } from '../../workload';
import { API_VERSIONS } from '../../../shared/versions';
import { CANARY_REVISION_ARG, REVISION_LABEL } from './analysis';
import { notificationAnnotations } from './notifications';
import type { ArgoRolloutsNames } from './names';
import { canarySteps } from './steps';
import { usesTrafficRouting } from './traffic';

/** Label Argo Rollouts puts on every pod of a ReplicaSet (the Deployment's `pod-template-hash` equivalent). */
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';

/** The templates a Rollout runs: the checks, and the webhook equivalents that exist in this spec. */
export interface RolloutTemplates {
  /** Check templates (Prometheus), in the Canary's order. */
  readonly checks: readonly string[];
  /** `<name>-load-test`, when the load test is on. */
  readonly loadTest?: string;
  /** `<name>-acceptance-test`, when the acceptance test is on (canary steps reference it themselves). */
  readonly acceptanceTest?: string;
  /** `<name>-judge`, when the canary judge is on. */
  readonly judge?: string;
}

/**
 * The pod template: the Flagger engine's, plus the revision label the analysis selects by, and with the
 * topology spread counting pods of the same ReplicaSet by Argo's hash label (Deployments use `pod-template-hash`).
 */
export function rolloutPodTemplate(spec: ResolvedCanaryService): { template: Record<string, unknown>; revision: string } {
  requireObjectArguments('rolloutPodTemplate', { spec });
  const base = renderPodTemplate(spec) as { metadata: { labels: Record<string, string> }; spec: { topologySpreadConstraints: Record<string, unknown>[] } };
  const spread = base.spec.topologySpreadConstraints.map((c) => ({ ...c, matchLabelKeys: [ROLLOUT_HASH_LABEL] }));
  const withoutRevision = { ...base, spec: { ...base.spec, topologySpreadConstraints: spread } };
  const revision = podTemplateRevision(withoutRevision);
  return {
    template: { ...withoutRevision, metadata: { ...base.metadata, labels: { ...base.metadata.labels, [REVISION_LABEL]: revision } } },
    revision,
  };
}

/** A short, stable hash of a pod template (keys sorted): changes exactly when the pods change. */
export function podTemplateRevision(template: unknown): string {
  return createHash('sha256').update(stableJson(template)).digest('hex').slice(0, 10);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The analysis arguments the Rollout passes: the new revision. */
function analysisArgs(revision: string): { name: string; value: string }[] {
  return [{ name: CANARY_REVISION_ARG, value: revision }];
}

/** The canary strategy block (traffic-routed steps). */
function canaryStrategy(spec: ResolvedCanaryService, names: ArgoRolloutsNames, templates: RolloutTemplates, revision: string): Record<string, unknown> {
  const { steps, analysisStartingStep } = canarySteps(spec, names);
  const background = [
    ...templates.checks,
    ...(templates.loadTest !== undefined ? [templates.loadTest] : []),
    ...(templates.judge !== undefined ? [templates.judge] : []),
  ];
  const managedRoutes = [
    ...(spec.strategy.kind === 'abTesting' ? [{ name: names.headerRoute }] : []),
    ...(spec.strategy.kind === 'mirror' || spec.strategy.kind === 'blueGreen' ? [{ name: names.mirrorRoute }] : []),
  ];
  return {
    canary: {
      stableService: names.stableService,
      canaryService: names.canaryService,
      trafficRouting: {
        ...(managedRoutes.length > 0 ? { managedRoutes } : {}),
        istio: {
          virtualService: { name: names.virtualService, routes: [names.primaryRoute] },
          destinationRule: { name: names.destinationRule, stableSubsetName: names.stableSubset, canarySubsetName: names.canarySubset },
        },
      },
      maxSurge: spec.rollingUpdate.maxSurge,
      maxUnavailable: spec.rollingUpdate.maxUnavailable,
      ...(background.length > 0
        ? { analysis: { templates: background.map((templateName) => ({ templateName })), startingStep: analysisStartingStep, args: analysisArgs(revision) } }
        : {}),
      steps,
    },
  };
}

/** The blueGreen strategy block: pre-promotion analysis on the preview, promotion automatic unless gated. */
function blueGreenStrategy(spec: ResolvedCanaryService, names: ArgoRolloutsNames, templates: RolloutTemplates, revision: string): Record<string, unknown> {
  const pre = [
    ...(templates.acceptanceTest !== undefined ? [templates.acceptanceTest] : []),
    ...templates.checks,
    ...(templates.loadTest !== undefined ? [templates.loadTest] : []),
    ...(templates.judge !== undefined ? [templates.judge] : []),
  ];
  return {
    blueGreen: {
      activeService: names.apexService,
      previewService: names.canaryService,
      // A manual gate before promotion is `kubectl argo rollouts promote`; autoPromotionSeconds is not set,
      // because it would mark a still-running pre-promotion analysis successful.
      autoPromotionEnabled: !spec.webhooks.confirmPromotion,
      scaleDownDelaySeconds: 30,
      ...(pre.length > 0 ? { prePromotionAnalysis: { templates: pre.map((templateName) => ({ templateName })), args: analysisArgs(revision) } } : {}),
    },
  };
}

/** The Rollout. No `replicas` when an HPA owns scaling. */
export function renderRollout(spec: ResolvedCanaryService, names: ArgoRolloutsNames, templates: RolloutTemplates): KubeObject {
  const { template, revision } = rolloutPodTemplate(spec);
  const metadata = objectMetadata(spec, names.rollout);
  const annotations = notificationAnnotations(
    spec.alerts.filter((a) => a.type === 'slack' && a.channel !== undefined).map((a) => ({ channel: a.channel as string, severity: a.severity })),
  );
  return {
    apiVersion: API_VERSIONS.argoRollouts,
    kind: 'Rollout',
    metadata: { ...metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      ...(spec.scaling.kind === 'fixed' ? { replicas: spec.scaling.replicas } : {}),
      selector: { matchLabels: { [SELECTOR_LABEL]: spec.name } },
      template,
      progressDeadlineSeconds: spec.analysis.progressDeadline.toSeconds(),
      // Flagger rolls back a canary that misses its deadline; Argo only marks it Degraded unless told to abort.
      progressDeadlineAbort: true,
      revisionHistoryLimit: 5,
      strategy: usesTrafficRouting(spec)
        ? canaryStrategy(spec, names, templates, revision)
        : blueGreenStrategy(spec, names, templates, revision),
    },
  };
}
