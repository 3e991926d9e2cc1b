/**
 * Which upstream release each schema package was generated from (read from the generator's input in the
 * package's own package.json). packages/validation/model-schemas.ts, docs/synth.md and packages/shared/versions.ts
 * state these versions, and the allowances for newer fields (`ISTIO_SAME_SCHEMA`, `NEWER_ARGO_ROLLOUTS_FIELDS`)
 * follow from them: when a package is upgraded, this test fails and names what to re-check.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CHARTS, ISTIO_VERSION } from '../../packages/shared/versions';

interface ModelPackage {
  readonly name: string;
  /** The version package.json pins. */
  readonly version: string;
  /** The upstream release its schemas come from, and how each generator input names it. */
  readonly upstream: string;
  readonly inputPattern: RegExp;
  /** The release this project deploys (packages/shared/versions.ts). */
  readonly deployed: string;
}

const MODEL_PACKAGES: readonly ModelPackage[] = [
  {
    name: '@kubernetes-models/istio',
    version: '2.3.0',
    upstream: 'Istio 1.18.0',
    inputPattern: /^https:\/\/raw\.githubusercontent\.com\/istio\/istio\/1\.18\.0\//,
    deployed: `Istio ${ISTIO_VERSION}`,
  },
  {
    name: '@kubernetes-models/argo-rollouts',
    version: '0.3.2',
    upstream: 'Argo Rollouts v1.5.0',
    inputPattern: /^https:\/\/github\.com\/argoproj\/argo-rollouts\/releases\/download\/v1\.5\.0\//,
    deployed: `Argo Rollouts ${CHARTS.argoRollouts.appVersion}`,
  },
  {
    name: '@kubernetes-models/prometheus-operator',
    version: '4.4.4',
    upstream: 'Prometheus Operator v0.65.1',
    inputPattern: /^https:\/\/github\.com\/prometheus-operator\/prometheus-operator\/releases\/download\/v0\.65\.1\//,
    deployed: `Prometheus Operator ${CHARTS.kubePrometheusStack.appVersion}`,
  },
];

/** The package.json of an installed package, as data. */
function manifestOf(name: string): { version: string; 'crd-generate'?: { input?: unknown } } {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string; 'crd-generate'?: { input?: unknown } };
}

const ROOT_MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

describe('schema packages and the upstream releases they match', () => {
  it.each(MODEL_PACKAGES)('$name $version is generated from $upstream (deployed: $deployed)', (pkg) => {
    expect(ROOT_MANIFEST.dependencies[pkg.name]).toBe(pkg.version);
    const manifest = manifestOf(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    const inputs = manifest['crd-generate']?.input;
    expect(Array.isArray(inputs) && inputs.length > 0).toBe(true);
    for (const input of inputs as unknown[]) expect(String(input)).toMatch(pkg.inputPattern);
  });

  it('deploys newer releases than the schemas describe (the gap the allowances in model-schemas.ts cover)', () => {
    expect(MODEL_PACKAGES.map((p) => `${p.upstream} < ${p.deployed}`)).toEqual([
      'Istio 1.18.0 < Istio 1.30.3',
      'Argo Rollouts v1.5.0 < Argo Rollouts v1.9.0',
      'Prometheus Operator v0.65.1 < Prometheus Operator v0.92.1',
    ]);
  });
});
