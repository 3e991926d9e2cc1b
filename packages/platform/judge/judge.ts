/**
 * `CanaryJudge`: the statistical canary judge (packages/judge) running in the cluster, next to Flagger.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { judgeServerBundle } from '../../judge/bundle';
import type { PrometheusEndpoint } from '../observability';
import { objectProblems, ValidationError } from '../../shared';
import { judgeBaseUrl, resolveCanaryJudgeSettings, type CanaryJudgeSettingsInput } from './args';
import { judgeObjects, type JudgeServerBundle } from './render';

/** Arguments of {@link CanaryJudge}. */
export interface CanaryJudgeArgs extends CanaryJudgeSettingsInput {
  /** Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** The Prometheus the judge queries; the judge is installed after its release (its PodMonitor and rules need the CRDs). */
  readonly prometheus: PrometheusEndpoint;
  /**
   * The server bundle. The default reads the package's own (bundled from the sources in this repository, or
   * `build/judge/judge.js.gz` in an installed package): the one file read outside the stack program.
   * @default - judgeServerBundle()
   */
  readonly bundle?: JudgeServerBundle;
  /** Other resources that must exist first (the Flagger namespace). @default - none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** The canary judge. Type token `canary-platform:judge:CanaryJudge`. */
export class CanaryJudge extends pulumi.ComponentResource {
  /** The judge's objects (Deployment, Service, ConfigMap, PDB, PodMonitor, alert rules). */
  readonly objects: k8s.yaml.v2.ConfigGroup;
  /** In-cluster base URL (`http://canary-judge.flagger-system`). */
  readonly url: string;

  constructor(name: string, args: CanaryJudgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:judge:CanaryJudge', name, {}, opts);
    const invalid = objectProblems(name, { args });
    if (invalid.length > 0) throw new ValidationError(`CanaryJudge ${name}: invalid arguments`, invalid);
    const { provider, prometheus, bundle, dependsOn, ...input } = args;
    const settings = resolveCanaryJudgeSettings(name, input);
    this.url = judgeBaseUrl();
    this.objects = new k8s.yaml.v2.ConfigGroup(
      `${name}-objects`,
      { objs: judgeObjects({ settings, prometheusUrl: prometheus.url, bundle: bundle ?? judgeServerBundle() }) as unknown as Record<string, unknown>[] },
      { parent: this, provider, dependsOn: [prometheus.release, ...(dependsOn ?? [])] },
    );
    this.registerOutputs({ url: this.url });
  }
}
