/**
 * `FluxBootstrap`: Flux on the cluster, pointed at the config repository, for `canary-platform:delivery: gitops`.
 * Pulumi owns only what is here; Flux applies everything the GitOps tree describes (one owner per object).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { customResource, releaseArgs } from '../helm';
import { FLUX_CHART } from '../../shared/versions';
import { assertFluxBootstrapSettings, FLUX_DEFAULTS, type FluxBootstrapSettings } from './args';
import { FLUX_BOOTSTRAP_LABELS, fluxRootKustomization, fluxSource, fluxValues } from './render';

/** Arguments of {@link FluxBootstrap}. */
export interface FluxBootstrapArgs extends FluxBootstrapSettings {
  /** Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** Resources that must exist first (the cluster's node pools). @default - none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Flux controllers, the config repository source and the root Kustomization. Type token `canary-platform:flux:FluxBootstrap`. */
export class FluxBootstrap extends pulumi.ComponentResource {
  /** The `flux-system` namespace. */
  readonly namespace: k8s.core.v1.Namespace;
  /** The flux2 release (brings Flux's CRDs and controllers). */
  readonly release: k8s.helm.v3.Release;
  /** The GitRepository or OCIRepository of the config repository. */
  readonly source: k8s.apiextensions.CustomResource;
  /** The root Kustomization applying `<path>/gitops/flux`. */
  readonly rootKustomization: k8s.apiextensions.CustomResource;
  /** `flux-system/canary-platform-secrets`, when there are substitutions. */
  readonly substitutionSecret?: k8s.core.v1.Secret;

  constructor(name: string, args: FluxBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:flux:FluxBootstrap', name, {}, opts);
    assertFluxBootstrapSettings(name, args);
    const provider = args.provider;
    const ns = FLUX_DEFAULTS.namespace;

    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: ns, labels: { ...FLUX_BOOTSTRAP_LABELS } } },
      { parent: this, provider, dependsOn: [...(args.dependsOn ?? [])] },
    );
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      releaseArgs(FLUX_CHART, { name: FLUX_DEFAULTS.releaseName, namespace: ns, values: fluxValues(args), timeoutSeconds: 600 }),
      { parent: this, provider, dependsOn: [this.namespace] },
    );
    const rootPrerequisites: pulumi.Resource[] = [this.release];
    const substitutions = Object.entries(args.substitutions ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    if (substitutions.length > 0) {
      this.substitutionSecret = new k8s.core.v1.Secret(
        `${name}-substitutions`,
        {
          metadata: { name: FLUX_DEFAULTS.secretsName, namespace: ns, labels: { ...FLUX_BOOTSTRAP_LABELS } },
          type: 'Opaque',
          stringData: Object.fromEntries(substitutions.map(([key, value]) => [key, pulumi.secret(value)])),
        },
        { parent: this, provider, dependsOn: [this.namespace] },
      );
      rootPrerequisites.push(this.substitutionSecret);
    }
    // Custom resources after the chart that brings their CRDs.
    this.source = customResource(`${name}-source`, fluxSource(args), { parent: this, provider, dependsOn: [this.release] });
    this.rootKustomization = customResource(`${name}-root`, fluxRootKustomization(args), {
      parent: this,
      provider,
      dependsOn: [...rootPrerequisites, this.source],
    });
    this.registerOutputs({ namespace: ns, source: FLUX_DEFAULTS.sourceName, rootKustomization: FLUX_DEFAULTS.rootKustomization });
  }
}
