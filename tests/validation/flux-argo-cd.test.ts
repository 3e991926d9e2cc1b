/**
 * Flux's and Argo CD's kinds are validated like every other kind: the registry schema packages, unknown fields
 * rejected, an unserved version or unknown kind reported. Flux v2.8 serves HelmRelease v2 and HelmRepository /
 * OCIRepository v1, which @kubernetes-models/flux-cd 2.3.4 has only as their previous versions (FLUX_SAME_SCHEMA).
 */
import { validateObject } from '../../packages/validation';
import { FLUX_SAME_SCHEMA } from '../../packages/validation/model-schemas';
import type { KubeObject } from '../../packages/shared';

const meta = { name: 'x', namespace: 'flux-system' };
const helmRelease = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: meta, spec });
const chart = { spec: { chart: 'flagger', version: '1.44.0', sourceRef: { kind: 'HelmRepository', name: 'flagger' } } };

describe('Flux and Argo CD kinds', () => {
  it('validates HelmRelease v2 and source v1 kinds with the previous version schema, and says so in one map', () => {
    expect(FLUX_SAME_SCHEMA).toEqual({ 'helm.toolkit.fluxcd.io/v2': ['helm.toolkit.fluxcd.io/v2beta2'], 'source.toolkit.fluxcd.io/v1': ['source.toolkit.fluxcd.io/v1beta2'] });
    expect(validateObject(helmRelease({ interval: '10m', chart }))).toEqual([]);
    expect(validateObject({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: meta, spec: { url: 'oci://r/p', interval: '1m', ref: { tag: 'prod' } } })).toEqual([]);
  });

  it('rejects an unknown field of a HelmRelease, with a hint', () => {
    expect(validateObject(helmRelease({ interval: '10m', chart, valuesFrom: [], dependOn: [] }))).toEqual([
      { subject: 'flux-system/HelmRelease/x', path: 'spec.dependOn', message: 'is not a field of HelmRelease (helm.toolkit.fluxcd.io/v2); did you mean "dependsOn"?' },
    ]);
  });

  it('rejects a wrong type in a Flux Kustomization', () => {
    const k = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: meta, spec: { interval: '10m', prune: 'yes', sourceRef: { kind: 'GitRepository', name: 'x' } } };
    expect(validateObject(k as KubeObject)).toEqual([{ subject: 'flux-system/Kustomization/x', path: 'spec.prune', message: 'must be of type boolean' }]);
  });

  it('reports a Flux kind the schemas do not know', () => {
    expect(validateObject({ apiVersion: 'helm.toolkit.fluxcd.io/v3', kind: 'HelmRelease', metadata: meta })).toEqual([
      { subject: 'flux-system/HelmRelease/x', path: 'kind', message: '(helm.toolkit.fluxcd.io/v3 HelmRelease) has no known schema; check apiVersion and kind' },
    ]);
  });

  it("validates Argo CD Applications with Argo CD's schema, not Argo Rollouts' (one API group)", () => {
    const app = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec });
    const base = { project: 'default', source: { repoURL: 'https://x', path: 'p', targetRevision: 'main' }, destination: { server: 'https://kubernetes.default.svc' } };
    expect(validateObject(app(base))).toEqual([]);
    expect(validateObject(app({ ...base, syncPolicy: { automatic: {} } }))).toEqual([
      { subject: 'argocd/Application/a', path: 'spec.syncPolicy.automatic', message: 'is not a field of Application (argoproj.io/v1alpha1); did you mean "automated"?' },
    ]);
  });
});
