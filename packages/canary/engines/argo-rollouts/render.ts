/**
 * `renderArgoRollouts`: the Argo Rollouts engine. The same resolved CanaryService spec the Flagger engine reads
 * in, plain Kubernetes objects out. Pure (no I/O, no clock, no environment); keys are sorted by the caller
 * (`renderCanaryService`), object order is fixed.
 */
import { type KubeObject, requireObjectArguments, ValidationError } from '../../../shared';
import { argoRolloutsParityProblems, type ResolvedCanaryService } from '../../spec';
import { renderHorizontalPodAutoscaler, renderPodDisruptionBudget, renderServiceAccount } from '../../workload';
import { API_VERSIONS } from '../../../shared/versions';
import { type AnalysisMode, renderCheckTemplates, renderJudgeTemplate, renderWebhookTemplates } from './analysis';
import { argoRolloutsNames } from './names';
import { renderRollout } from './rollout';
import { renderDestinationRule, renderServices, renderVirtualService, usesTrafficRouting } from './traffic';

/**
 * Every object of a CanaryService on the Argo Rollouts engine, in apply order: ServiceAccount, Services,
 * DestinationRule, VirtualService, AnalysisTemplates, Rollout, HPA, PodDisruptionBudget.
 *
 * @throws ValidationError when the spec asks for a feature Argo Rollouts cannot express (see
 *   packages/canary/spec/parity.ts); the CanaryService validation reports the same problems earlier, this guards
 *   direct callers
 */
export function renderArgoRollouts(spec: ResolvedCanaryService): KubeObject[] {
  requireObjectArguments('renderArgoRollouts', { spec });
  const problems = argoRolloutsParityProblems(spec);
  if (problems.length > 0) {
    throw new ValidationError(`CanaryService "${spec.name}" cannot run on engine "argoRollouts"`, problems);
  }
  const names = argoRolloutsNames(spec.name);
  // Blue/green measures a fixed number of times before promotion (see steps.ts for why iterations + threshold - 1).
  const mode: AnalysisMode =
    spec.strategy.kind === 'blueGreen' && !usesTrafficRouting(spec) ? { count: spec.strategy.iterations + spec.analysis.threshold - 1 } : {};
  const checkTemplates = renderCheckTemplates(spec, names, mode);
  const webhookTemplates = renderWebhookTemplates(spec, names, mode);
  const judgeTemplate = renderJudgeTemplate(spec, names, mode);
  const templateNamed = (suffix: string): string | undefined =>
    webhookTemplates.find((t) => t.metadata.name === names.analysisTemplate(suffix))?.metadata.name;
  const rollout = renderRollout(spec, names, {
    checks: checkTemplates.map((t) => t.metadata.name),
    loadTest: templateNamed('load-test'),
    acceptanceTest: templateNamed('acceptance-test'),
    judge: judgeTemplate?.metadata.name,
  });
  const objects: (KubeObject | undefined)[] = [
    renderServiceAccount(spec),
    ...renderServices(spec, names),
    renderDestinationRule(spec, names),
    renderVirtualService(spec, names),
    ...checkTemplates,
    ...webhookTemplates,
    judgeTemplate,
    rollout,
    renderHorizontalPodAutoscaler(spec, { apiVersion: API_VERSIONS.argoRollouts, kind: 'Rollout', name: names.rollout }),
    // Both ReplicaSets carry `app=<name>`: the budget covers every pod of the Rollout.
    renderPodDisruptionBudget(spec, spec.name),
  ];
  return objects.filter((o): o is KubeObject => o !== undefined);
}
