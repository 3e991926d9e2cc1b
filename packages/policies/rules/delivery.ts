import type { KubeObject } from '../../shared';
import type { Finding, ObjectContext, PolicyRule } from '../types';
import { asArray, asRecord, getPath, isUnknown, show, subPath } from '../support/values';

const isFlaggerCanary = (obj: KubeObject): boolean => obj.kind === 'Canary' && obj.apiVersion.startsWith('flagger.app/');
const isArgo = (obj: KubeObject, kind: string): boolean => obj.kind === kind && obj.apiVersion.startsWith('argoproj.io/');
const isAnalysisTemplate = (obj: KubeObject): boolean => isArgo(obj, 'AnalysisTemplate') || isArgo(obj, 'ClusterAnalysisTemplate');

/** mTLS modes that accept plaintext. */
const PLAINTEXT_MODES: ReadonlySet<string> = new Set(['PERMISSIVE', 'DISABLE']);

export const meshMtlsStrict: PolicyRule = {
  id: 'mesh-mtls-strict',
  severity: 'error',
  description: 'In prod, no Istio PeerAuthentication sets mTLS to PERMISSIVE or DISABLE, for the workload or for a port.',
  rationale:
    'PERMISSIVE accepts plaintext next to mTLS: traffic from outside the mesh is neither authenticated nor encrypted, and AuthorizationPolicies keyed on identities stop protecting the workload.',
  remediation: 'Set `spec.mtls.mode: STRICT` (or UNSET to inherit the mesh-wide STRICT policy); move clients that cannot speak mTLS into the mesh.',
  prodOnly: true,
  checkObject: (obj) => {
    if (obj.kind !== 'PeerAuthentication' || !obj.apiVersion.startsWith('security.istio.io/')) return [];
    const out: Finding[] = [];
    const mode = getPath(obj, ['spec', 'mtls', 'mode']);
    if (typeof mode === 'string' && PLAINTEXT_MODES.has(mode)) {
      out.push({ path: 'spec.mtls.mode', message: `(${mode}) accepts plaintext traffic in prod; set STRICT (or UNSET to inherit the mesh-wide STRICT policy)` });
    }
    for (const [port, raw] of Object.entries(asRecord(getPath(obj, ['spec', 'portLevelMtls'])) ?? {})) {
      const portMode = asRecord(raw)?.mode;
      if (typeof portMode === 'string' && PLAINTEXT_MODES.has(portMode)) {
        out.push({
          path: subPath('spec.portLevelMtls', port, 'mode'),
          message: `(${portMode}) accepts plaintext traffic on port ${port} in prod; set STRICT or remove the port override`,
        });
      }
    }
    return out;
  },
};

function checkFlaggerAnalysis(obj: KubeObject): Finding[] {
  const spec = asRecord(obj.spec) ?? {};
  const key = spec.analysis === undefined && spec.canaryAnalysis !== undefined ? 'canaryAnalysis' : 'analysis';
  const analysis = asRecord(spec[key]);
  if (isUnknown(spec[key])) return [];
  if (!analysis) {
    return [{ path: 'spec.analysis', message: 'is missing; add an analysis with interval, threshold and at least one metric (for example request-success-rate)' }];
  }
  const out: Finding[] = [];
  const metrics = asArray(analysis.metrics);
  if (metrics.length === 0 && !isUnknown(analysis.metrics)) {
    out.push({
      path: `spec.${key}.metrics`,
      message: 'has no metrics, so a failing canary would be promoted; add at least one metric with a thresholdRange (for example request-success-rate with min: 99)',
    });
  }
  metrics.forEach((raw, index) => {
    const metric = asRecord(raw) ?? {};
    const range = asRecord(metric.thresholdRange);
    if (isUnknown(metric.thresholdRange)) return;
    if (!range || (range.min === undefined && range.max === undefined)) {
      out.push({
        path: subPath(`spec.${key}.metrics`, index, 'thresholdRange'),
        message: `of metric ${show(metric.name)} is missing, so the metric can never fail; set thresholdRange.min or thresholdRange.max`,
      });
    }
  });
  const threshold = analysis.threshold;
  if (!isUnknown(threshold) && (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1)) {
    out.push({
      path: `spec.${key}.threshold`,
      message: `(${show(threshold)}) must be a whole number of failed checks (1 or more) after which Flagger rolls back`,
    });
  }
  return out;
}

/** The AnalysisTemplate references of an Argo Rollout, each with where it sits. */
export function rolloutAnalysisRefs(obj: KubeObject): { path: string; templateName: unknown; clusterScope: boolean }[] {
  const refs: { path: string; templateName: unknown; clusterScope: boolean }[] = [];
  const collect = (analysis: unknown, path: string): void => {
    asArray(asRecord(analysis)?.templates).forEach((raw, index) => {
      const ref = asRecord(raw) ?? {};
      refs.push({ path: subPath(path, 'templates', index), templateName: ref.templateName, clusterScope: ref.clusterScope === true });
    });
  };
  const canary = asRecord(getPath(obj, ['spec', 'strategy', 'canary']));
  if (canary) {
    collect(canary.analysis, 'spec.strategy.canary.analysis');
    asArray(canary.steps).forEach((step, index) => collect(asRecord(step)?.analysis, subPath('spec.strategy.canary.steps', index, 'analysis')));
  }
  const blueGreen = asRecord(getPath(obj, ['spec', 'strategy', 'blueGreen']));
  if (blueGreen) {
    collect(blueGreen.prePromotionAnalysis, 'spec.strategy.blueGreen.prePromotionAnalysis');
    collect(blueGreen.postPromotionAnalysis, 'spec.strategy.blueGreen.postPromotionAnalysis');
  }
  return refs;
}

function checkRolloutAnalysis(obj: KubeObject, objectsOfKind: ObjectContext['objectsOfKind']): Finding[] {
  const strategy = asRecord(getPath(obj, ['spec', 'strategy'])) ?? {};
  const kind = strategy.canary !== undefined ? 'canary' : strategy.blueGreen !== undefined ? 'blueGreen' : undefined;
  if (!kind) return [];
  const refs = rolloutAnalysisRefs(obj);
  if (refs.length === 0) {
    return [
      kind === 'canary'
        ? { path: 'spec.strategy.canary.analysis', message: 'is missing and no step runs an analysis; add background analysis templates or an analysis step so a failing canary is aborted' }
        : { path: 'spec.strategy.blueGreen.prePromotionAnalysis', message: 'is missing (and there is no postPromotionAnalysis); add an analysis so a failing preview is never promoted' },
    ];
  }
  const out: Finding[] = [];
  const templates: KubeObject[] = [];
  let unresolved = false;
  for (const ref of refs) {
    if (isUnknown(ref.templateName)) {
      unresolved = true;
      continue;
    }
    const wanted = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
    const found = objectsOfKind(wanted, ref.clusterScope ? undefined : obj.metadata.namespace).find(
      (o) => isArgo(o, wanted) && o.metadata.name === ref.templateName,
    );
    if (found) {
      templates.push(found);
    } else {
      unresolved = true;
      out.push({
        path: subPath(ref.path, 'templateName'),
        message: `(${show(ref.templateName)}) names ${ref.clusterScope ? 'a' : 'an'} ${wanted} that is not among the checked objects, so its metrics cannot be verified; include it in the same stack or check run`,
      });
    }
  }
  const thresholds = templates.some((t) => asArray(getPath(t, ['spec', 'metrics'])).some((m) => hasCondition(asRecord(m) ?? {})));
  if (!unresolved && !thresholds) {
    out.push({
      path: refs[0].path,
      message: `(${templates.map((t) => t.metadata.name).join(', ')}) has no metric with a successCondition or failureCondition, so no measured threshold can abort the rollout; add a metric such as success rate with successCondition: result[0] >= 0.99`,
    });
  }
  return out;
}

/** True when an Argo metric has a success or failure condition: a threshold a measurement can cross. */
function hasCondition(metric: Readonly<Record<string, unknown>>): boolean {
  return [metric.successCondition, metric.failureCondition].some((c) => (typeof c === 'string' && c.trim() !== '') || isUnknown(c));
}

/** Providers whose measurements fail on their own (a failed Job, an HTTP error), so they need no condition. */
const SELF_FAILING_PROVIDERS: readonly string[] = ['job', 'web'];

function checkAnalysisTemplate(obj: KubeObject): Finding[] {
  const metrics = asArray(getPath(obj, ['spec', 'metrics']));
  if (metrics.length === 0) {
    return [{ path: 'spec.metrics', message: 'is empty; add at least one metric with a successCondition or failureCondition' }];
  }
  const out: Finding[] = [];
  metrics.forEach((raw, index) => {
    const metric = asRecord(raw) ?? {};
    const provider = Object.keys(asRecord(metric.provider) ?? {});
    if (hasCondition(metric) || provider.some((p) => SELF_FAILING_PROVIDERS.includes(p))) return;
    out.push({
      path: subPath('spec.metrics', index, 'successCondition'),
      message: `of metric ${show(metric.name)} is missing and so is failureCondition, so the metric can never fail; set a condition such as result[0] >= 0.99`,
    });
  });
  return out;
}

export const canaryAnalysisDefined: PolicyRule = {
  id: 'canary-analysis-defined',
  severity: 'error',
  description:
    'Every canary has an automated analysis with at least one metric and a rollback threshold: a Flagger Canary sets `analysis.threshold` and metrics with a `thresholdRange`; an Argo Rollout (canary or blue/green) runs analysis templates that are present, at least one metric has a success or failure condition, and no metric can never fail (metrics without a condition must be `job` or `web` checks, which fail on their own).',
  rationale: 'A canary without metrics and a threshold is a slow rollout: nothing ever decides to roll back, so a bad release reaches every user.',
  remediation:
    'Flagger: add `spec.analysis` with `threshold` and metrics (request-success-rate, request-duration or MetricTemplates) each with a thresholdRange. Argo: reference AnalysisTemplates from `strategy.canary.analysis`, an analysis step or `blueGreen.prePromotionAnalysis`, with a successCondition or failureCondition on every measured metric.',
  usesObjectSet: true,
  checkObject: (obj, { objectsOfKind }) => {
    if (isFlaggerCanary(obj)) return checkFlaggerAnalysis(obj);
    if (isArgo(obj, 'Rollout')) return checkRolloutAnalysis(obj, objectsOfKind);
    if (isAnalysisTemplate(obj)) return checkAnalysisTemplate(obj);
    return [];
  },
};

export const canaryNoSkipAnalysis: PolicyRule = {
  id: 'canary-no-skip-analysis',
  severity: 'error',
  description:
    'In prod, no Flagger Canary sets `skipAnalysis: true` and no Argo analysis runs its metrics in dry-run mode (`dryRun` on a Rollout analysis or an AnalysisTemplate).',
  rationale: 'Skipping analysis promotes a release without looking at its metrics: the automated rollback the platform promises is switched off.',
  remediation: 'Remove `skipAnalysis` (or set it to false) and remove `dryRun` entries; use a waiver with a reason for a deliberate emergency rollout.',
  prodOnly: true,
  checkObject: (obj) => {
    if (isFlaggerCanary(obj)) {
      return getPath(obj, ['spec', 'skipAnalysis']) === true
        ? [{ path: 'spec.skipAnalysis', message: '(true) promotes releases without analysis in prod; remove it or set it to false' }]
        : [];
    }
    if (isAnalysisTemplate(obj)) {
      return asArray(getPath(obj, ['spec', 'dryRun'])).length > 0
        ? [{ path: 'spec.dryRun', message: `(${show(getPath(obj, ['spec', 'dryRun']))}) makes metrics unable to fail in prod; remove the dryRun entries` }]
        : [];
    }
    if (isArgo(obj, 'Rollout')) {
      const out: Finding[] = [];
      const analyses: Array<[string, unknown]> = [
        ['spec.strategy.canary.analysis', getPath(obj, ['spec', 'strategy', 'canary', 'analysis'])],
        ['spec.strategy.blueGreen.prePromotionAnalysis', getPath(obj, ['spec', 'strategy', 'blueGreen', 'prePromotionAnalysis'])],
        ['spec.strategy.blueGreen.postPromotionAnalysis', getPath(obj, ['spec', 'strategy', 'blueGreen', 'postPromotionAnalysis'])],
      ];
      asArray(getPath(obj, ['spec', 'strategy', 'canary', 'steps'])).forEach((step, index) =>
        analyses.push([subPath('spec.strategy.canary.steps', index, 'analysis'), asRecord(step)?.analysis]),
      );
      for (const [path, analysis] of analyses) {
        const dryRun = asArray(asRecord(analysis)?.dryRun);
        if (dryRun.length > 0) {
          out.push({ path: subPath(path, 'dryRun'), message: `(${show(dryRun)}) makes metrics unable to fail in prod; remove the dryRun entries` });
        }
      }
      return out;
    }
    return [];
  },
};
