/**
 * The bridge from cdk8s to Pulumi: synthesise a CanaryService chart and hand its objects to @pulumi/kubernetes as
 * one `k8s.yaml.v2.ConfigGroup`, ordered after the platform.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type * as cdk8s from 'cdk8s';
import { describeKind, KubeObject, objectId, objectProblems, sortKeys, ValidationError, type Problem } from '../shared';

/** Options of {@link deployCanaryChart}. */
export interface DeployCanaryChartOptions {
  /** Kubernetes provider of the platform's cluster. */
  readonly provider: k8s.Provider;
  /**
   * What the objects must wait for: usually the `Platform` (a ComponentResource: every resource it contains)
   * or its `ready` list, plus the namespace. @default - none
   */
  readonly dependsOn?: pulumi.Input<pulumi.Resource> | pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
  /** Parent of the ConfigGroup. @default - the stack */
  readonly parent?: pulumi.Resource;
}

/**
 * The objects of a cdk8s chart, synthesised (`chart.toJson()`, which also runs the chart's validations), with
 * sorted keys and in a stable order (kind, namespace, name), so the same chart always gives the same inputs.
 */
export function synthesizeChart(chart: cdk8s.Chart): KubeObject[] {
  const problems = chartProblems('synthesizeChart', chart);
  if (problems.length > 0) throw new ValidationError('synthesizeChart: invalid arguments', problems);
  const objects = (chart.toJson() as KubeObject[]).map((o) => sortKeys(o));
  return objects.sort((a, b) => compare(objectId(a), objectId(b)));
}

/** The problem of a `chart` argument that is not a cdk8s Chart (plain JavaScript may pass anything). */
function chartProblems(subject: string, chart: unknown): Problem[] {
  const isChart = typeof chart === 'object' && chart !== null && typeof (chart as { toJson?: unknown }).toJson === 'function';
  return isChart ? [] : [{ subject, path: 'chart', message: `must be a cdk8s Chart (got ${describeKind(chart)})` }];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Deploys a cdk8s chart (for example one holding `CanaryService` constructs) into the Pulumi stack as a
 * `k8s.yaml.v2.ConfigGroup` named `name`, using the platform's provider and depending on `dependsOn`.
 * The ConfigGroup applies CustomResourceDefinitions and Namespaces before the objects that need them.
 */
export function deployCanaryChart(
  name: string,
  chart: cdk8s.Chart,
  options: DeployCanaryChartOptions,
): k8s.yaml.v2.ConfigGroup {
  const problems = [...chartProblems(name, chart), ...objectProblems(name, { options })];
  if (problems.length > 0) throw new ValidationError(`deployCanaryChart ${name}: invalid arguments`, problems);
  return new k8s.yaml.v2.ConfigGroup(
    name,
    { objs: synthesizeChart(chart) },
    { provider: options.provider, dependsOn: options.dependsOn, parent: options.parent },
  );
}
