/**
 * `Flagger`: Flagger (Istio mesh provider, metrics from the platform's Prometheus) and flagger-loadtester.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { customResource, mergeValues, releaseArgs } from '../helm';
import type { PrometheusEndpoint } from '../observability';
import { CHARTS } from '../../shared/versions';
import { assertFlaggerSettings, FLAGGER_DEFAULTS, FlaggerSettings, flaggerValues, loadTesterPeerAuthentication, loadTesterValues } from './values';

/** Arguments of {@link Flagger}. */
export interface FlaggerArgs extends FlaggerSettings {
  /** Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** The Prometheus Flagger queries; Flagger is installed after its release. */
  readonly prometheus: PrometheusEndpoint;
  /** Other resources that must exist first (Istio's control plane). @default - none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Progressive delivery operator. Type token `canary-platform:flagger:Flagger`. */
export class Flagger extends pulumi.ComponentResource {
  /** The Flagger release (brings the flagger.app CRDs). */
  readonly flagger: k8s.helm.v3.Release;
  /** The flagger-loadtester release. */
  readonly loadTester: k8s.helm.v3.Release;
  /** Namespace of both. */
  readonly namespace: string;
  /** In-cluster loadtester URL (for CanaryService webhooks). */
  readonly loadTesterUrl: string;
  /** The metrics server Flagger uses. */
  readonly metricsServer: string;

  constructor(name: string, args: FlaggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:flagger:Flagger', name, {}, opts);
    assertFlaggerSettings(name, args);
    const provider = args.provider;
    const ns = FLAGGER_DEFAULTS.namespace;
    const overrides = args.valuesOverrides ?? {};
    this.namespace = ns;
    this.metricsServer = args.prometheus.url;

    const namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
      { parent: this, provider, dependsOn: [...(args.dependsOn ?? [])] },
    );
    this.flagger = new k8s.helm.v3.Release(
      `${name}-flagger`,
      releaseArgs(CHARTS.flagger, {
        name: FLAGGER_DEFAULTS.releases.flagger,
        namespace: ns,
        values: mergeValues(flaggerValues(args, args.prometheus.url), overrides.flagger),
      }),
      { parent: this, provider, dependsOn: [namespace, args.prometheus.release, ...(args.dependsOn ?? [])] },
    );
    this.loadTester = new k8s.helm.v3.Release(
      `${name}-loadtester`,
      releaseArgs(CHARTS.flaggerLoadTester, {
        name: FLAGGER_DEFAULTS.releases.loadTester,
        namespace: ns,
        values: mergeValues(loadTesterValues(args), overrides.loadTester),
      }),
      { parent: this, provider, dependsOn: [namespace, ...(args.dependsOn ?? [])] },
    );
    // Sidecar-less controllers call the load tester in plaintext: its webhook port accepts that (see the function).
    customResource(`${name}-loadtester-webhooks-mtls`, loadTesterPeerAuthentication(ns), {
      parent: this,
      provider,
      dependsOn: [this.loadTester, ...(args.dependsOn ?? [])],
    });
    this.loadTesterUrl = `http://${FLAGGER_DEFAULTS.releases.loadTester}.${ns}/`;
    this.registerOutputs({ namespace: ns, loadTesterUrl: this.loadTesterUrl, metricsServer: this.metricsServer });
  }
}
