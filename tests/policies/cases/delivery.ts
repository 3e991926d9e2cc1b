import type { KubeObject } from '../../../packages/shared';
import { baselineInput, objectsWith, type Json } from '../fixtures';
import type { RuleCases } from './types';

const canary = (edit: (d: Json) => void, environment = 'prod') => baselineInput({ environment, objects: objectsWith('Canary', 'podinfo', edit) });
const rollout = (edit: (d: Json) => void) => baselineInput({ objects: objectsWith('Rollout', 'checkout', edit) });
const template = (edit: (d: Json) => void) => baselineInput({ objects: objectsWith('AnalysisTemplate', 'checkout-success-rate', edit) });
const peerAuthentication = (edit: (d: Json) => void, environment = 'prod') =>
  baselineInput({ environment, objects: objectsWith('PeerAuthentication', 'default', edit) });

const CANARY = 'apps/Canary/podinfo';
const ROLLOUT = 'shop/Rollout/checkout';
const TEMPLATE = 'shop/AnalysisTemplate/checkout-success-rate';

/** A flagger-loadtester call as an Argo `web` metric: it fails through request errors, with no condition. */
const loadTest = {
  name: 'load-test',
  interval: '30s',
  failureLimit: 1,
  consecutiveErrorLimit: 1,
  provider: { web: { url: 'http://flagger-loadtester.flagger-system/', method: 'POST', jsonBody: { metadata: { cmd: 'hey -z 1m http://checkout-canary.shop/' } } } },
};

/** The checkout Rollout as blue/green with the given analysis settings. */
const blueGreen = (analysis: Record<string, unknown>) =>
  rollout((d) => (d.spec.strategy = { blueGreen: { activeService: 'checkout', previewService: 'checkout-preview', ...analysis } }));

/** The checkout objects with the namespaced template replaced by a ClusterAnalysisTemplate. */
const withClusterTemplate = (): KubeObject[] =>
  objectsWith('Rollout', 'checkout', (d) => (d.spec.strategy.canary.analysis.templates = [{ templateName: 'success-rate', clusterScope: true }])).map((o) =>
    o.kind === 'AnalysisTemplate' ? { ...o, kind: 'ClusterAnalysisTemplate', metadata: { name: 'success-rate' } } : o,
  );

export const DELIVERY_CASES: Record<string, RuleCases> = {
  'mesh-mtls-strict': {
    passes: [
      { name: 'STRICT', input: baselineInput() },
      { name: 'UNSET inherits the mesh-wide policy', input: peerAuthentication((d) => (d.spec.mtls.mode = 'UNSET')) },
      { name: 'PERMISSIVE outside prod', input: peerAuthentication((d) => (d.spec.mtls.mode = 'PERMISSIVE'), 'staging') },
    ],
    fails: [
      {
        name: 'PERMISSIVE in prod',
        input: peerAuthentication((d) => (d.spec.mtls.mode = 'PERMISSIVE')),
        violations: [{ ruleId: 'mesh-mtls-strict', subject: 'istio-system/PeerAuthentication/default', path: 'spec.mtls.mode', message: '(PERMISSIVE) accepts plaintext traffic in prod; set STRICT (or UNSET to inherit the mesh-wide STRICT policy)' }],
      },
      {
        name: 'a port with mTLS disabled in prod',
        input: peerAuthentication((d) => (d.spec.portLevelMtls = { '8080': { mode: 'DISABLE' } })),
        violations: [{ ruleId: 'mesh-mtls-strict', subject: 'istio-system/PeerAuthentication/default', path: 'spec.portLevelMtls["8080"].mode', message: '(DISABLE) accepts plaintext traffic on port 8080 in prod; set STRICT or remove the port override' }],
      },
    ],
  },
  'canary-analysis-defined': {
    passes: [
      { name: 'Flagger analysis with threshold and ranged metrics; Rollout with background analysis', input: baselineInput() },
      {
        name: 'a Rollout whose only analysis is a step',
        input: rollout((d) => {
          delete d.spec.strategy.canary.analysis;
          d.spec.strategy.canary.steps.push({ analysis: { templates: [{ templateName: 'checkout-success-rate' }] } });
        }),
      },
      { name: 'blue/green with pre-promotion analysis', input: blueGreen({ prePromotionAnalysis: { templates: [{ templateName: 'checkout-success-rate' }] } }) },
      { name: 'a ClusterAnalysisTemplate', input: baselineInput({ objects: withClusterTemplate() }) },
      { name: 'a load-test web check (fails on HTTP errors) next to a measured metric', input: template((d) => d.spec.metrics.push(loadTest)) },
    ],
    fails: [
      {
        name: 'a Flagger Canary without analysis',
        input: canary((d) => delete d.spec.analysis),
        violations: [{ ruleId: 'canary-analysis-defined', subject: CANARY, path: 'spec.analysis', message: 'is missing; add an analysis with interval, threshold and at least one metric (for example request-success-rate)' }],
      },
      {
        name: 'no metrics and no threshold',
        input: canary((d) => {
          d.spec.analysis.metrics = [];
          delete d.spec.analysis.threshold;
        }),
        violations: [
          { ruleId: 'canary-analysis-defined', subject: CANARY, path: 'spec.analysis.metrics', message: 'has no metrics, so a failing canary would be promoted; add at least one metric with a thresholdRange (for example request-success-rate with min: 99)' },
          { ruleId: 'canary-analysis-defined', subject: CANARY, path: 'spec.analysis.threshold', message: '(not set) must be a whole number of failed checks (1 or more) after which Flagger rolls back' },
        ],
      },
      {
        name: 'a metric without a threshold range',
        input: canary((d) => delete d.spec.analysis.metrics[1].thresholdRange),
        violations: [{ ruleId: 'canary-analysis-defined', subject: CANARY, path: 'spec.analysis.metrics[1].thresholdRange', message: 'of metric "request-duration" is missing, so the metric can never fail; set thresholdRange.min or thresholdRange.max' }],
      },
      {
        name: 'an Argo canary with no analysis at all',
        input: rollout((d) => delete d.spec.strategy.canary.analysis),
        violations: [{ ruleId: 'canary-analysis-defined', subject: ROLLOUT, path: 'spec.strategy.canary.analysis', message: 'is missing and no step runs an analysis; add background analysis templates or an analysis step so a failing canary is aborted' }],
      },
      {
        name: 'an Argo blue/green with no analysis',
        input: blueGreen({}),
        violations: [{ ruleId: 'canary-analysis-defined', subject: ROLLOUT, path: 'spec.strategy.blueGreen.prePromotionAnalysis', message: 'is missing (and there is no postPromotionAnalysis); add an analysis so a failing preview is never promoted' }],
      },
      {
        name: 'a template that is not among the objects',
        input: rollout((d) => (d.spec.strategy.canary.analysis.templates[0].templateName = 'checkout-latency')),
        violations: [{ ruleId: 'canary-analysis-defined', subject: ROLLOUT, path: 'spec.strategy.canary.analysis.templates[0].templateName', message: '("checkout-latency") names an AnalysisTemplate that is not among the checked objects, so its metrics cannot be verified; include it in the same stack or check run' }],
      },
      {
        name: 'a measured metric without a condition (and so no threshold for the Rollout)',
        input: template((d) => delete d.spec.metrics[0].successCondition),
        violations: [
          { ruleId: 'canary-analysis-defined', subject: ROLLOUT, path: 'spec.strategy.canary.analysis.templates[0]', message: '(checkout-success-rate) has no metric with a successCondition or failureCondition, so no measured threshold can abort the rollout; add a metric such as success rate with successCondition: result[0] >= 0.99' },
          { ruleId: 'canary-analysis-defined', subject: TEMPLATE, path: 'spec.metrics[0].successCondition', message: 'of metric "success-rate" is missing and so is failureCondition, so the metric can never fail; set a condition such as result[0] >= 0.99' },
        ],
      },
      {
        name: 'only a load-test web check, no measured threshold',
        input: template((d) => (d.spec.metrics = [loadTest])),
        violations: [
          { ruleId: 'canary-analysis-defined', subject: ROLLOUT, path: 'spec.strategy.canary.analysis.templates[0]', message: '(checkout-success-rate) has no metric with a successCondition or failureCondition, so no measured threshold can abort the rollout; add a metric such as success rate with successCondition: result[0] >= 0.99' },
        ],
      },
    ],
  },
  'canary-no-skip-analysis': {
    passes: [
      { name: 'skipAnalysis false in prod', input: canary((d) => (d.spec.skipAnalysis = false)) },
      { name: 'skipAnalysis outside prod', input: canary((d) => (d.spec.skipAnalysis = true), 'staging') },
    ],
    fails: [
      {
        name: 'skipAnalysis in prod',
        input: canary((d) => (d.spec.skipAnalysis = true)),
        violations: [{ ruleId: 'canary-no-skip-analysis', subject: CANARY, path: 'spec.skipAnalysis', message: '(true) promotes releases without analysis in prod; remove it or set it to false' }],
      },
      {
        name: 'dry-run metrics in an AnalysisTemplate and in a Rollout',
        input: baselineInput({
          objects: objectsWith('Rollout', 'checkout', (d) => (d.spec.strategy.canary.analysis.dryRun = [{ metricName: '*' }]), objectsWith('AnalysisTemplate', 'checkout-success-rate', (d) => (d.spec.dryRun = [{ metricName: 'success-rate' }]))),
        }),
        violations: [
          { ruleId: 'canary-no-skip-analysis', subject: ROLLOUT, path: 'spec.strategy.canary.analysis.dryRun', message: '([{"metricName":"*"}]) makes metrics unable to fail in prod; remove the dryRun entries' },
          { ruleId: 'canary-no-skip-analysis', subject: TEMPLATE, path: 'spec.dryRun', message: '([{"metricName":"success-rate"}]) makes metrics unable to fail in prod; remove the dryRun entries' },
        ],
      },
    ],
  },
};
