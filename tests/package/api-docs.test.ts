/**
 * The public API and its reference: docs/api/ is generated from the entry points by scripts/api-docs.ts and must
 * match the sources (so the reference cannot rot); package.json `exports` and `typesVersions` list exactly the
 * entry points; the root re-exports every entry; this files and the finished components have no TSDoc gaps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_ENTRIES, generateApiDocs, isInputType, staleFiles, type ApiDocs } from '../../scripts/api-docs';

const ROOT = join(__dirname, '..', '..');

interface PackageJson {
  main: string;
  types: string;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Folders whose exported TSDoc is complete (finished components and this entry points). */
const COMPLETE = ['index.ts', 'api/', 'packages/platform/gke/', 'packages/platform/istio/', 'packages/platform/observability/', 'packages/platform/flagger/', 'packages/platform/', 'packages/platform/helm/', 'packages/shared/', 'packages/validation/'];

describe('API reference (docs/api)', () => {
  let docs: ApiDocs;

  beforeAll(() => {
    docs = generateApiDocs(ROOT);
  });

  it('is up to date with the sources (run `npm run docs:api` after changing an export or its TSDoc)', () => {
    expect(staleFiles(docs, join(ROOT, 'docs', 'api'))).toEqual([]);
  });

  it('has an index and one page per entry point', () => {
    expect([...docs.files.keys()].sort()).toEqual(['README.md', ...API_ENTRIES.map((e) => e.doc)].sort());
  });

  it('documents every export of the root: the subpath exports plus the argoRollouts namespace', () => {
    const union = new Set(API_ENTRIES.filter((e) => !e.importPath.endsWith('/argo-rollouts')).flatMap((e) => docs.exports.get(e.importPath) ?? []));
    union.add('argoRollouts');
    expect(docs.exports.get('canary-platform')).toEqual([...union].sort());
  });

  it('exports what issue 10 promises from the root', () => {
    const root = docs.exports.get('canary-platform') ?? [];
    for (const name of ['CanaryService', 'CanaryServiceProps', 'renderCanaryService', 'Platform', 'PlatformArgs', 'GkeCluster', 'GkeClusterArgs', 'Istio', 'IstioArgs', 'Observability', 'ObservabilityArgs', 'Flagger', 'FlaggerArgs', 'POLICY_RULES', 'evaluatePolicies', 'validateObject', 'validatePromQL', 'deployCanaryChart', 'argoRollouts']) {
      expect(root).toContain(name);
    }
  });

  it('keeps the API narrow: constructs, components, their props/args and DEFAULTS, render/validate functions, errors (issue 17)', () => {
    const counts = Object.fromEntries([...docs.exports].map(([entry, names]) => [entry, names.length]));
    // Issue 17 narrowed the root from 228 names (84 values) to these; a new export changes a count here on purpose.
    expect(counts).toEqual({
      'canary-platform': 181,
      'canary-platform/canary': 91,
      'canary-platform/platform': 66,
      'canary-platform/policies': 19,
      'canary-platform/validation': 4,
      'canary-platform/argo-rollouts': 4,
    });
  });

  it('exports exactly these values at the root (the rest of the names are types)', () => {
    expect(docs.values.get('canary-platform')).toEqual([
      'ARGO_ROLLOUTS_CONTROLLER_DEFAULTS',
      'ArgoRolloutsController',
      'CanaryJudge',
      'CanaryService',
      'CanaryWorkloads',
      'DEFAULTS',
      'Duration',
      'FLAGGER_DEFAULTS',
      'Flagger',
      'GKE_CLUSTER_DEFAULTS',
      'GkeCluster',
      'ISTIO_DEFAULTS',
      'Istio',
      'JUDGE_DEPLOYMENT_DEFAULTS',
      'OBSERVABILITY_DEFAULTS',
      'Observability',
      'PLATFORM_CONTRACT',
      'PLATFORM_OBSERVABILITY_DEFAULTS',
      'POLICY_RULES',
      'Platform',
      'PlatformObservability',
      'SERVICE_OBSERVABILITY_DEFAULTS',
      'ServiceObservability',
      'ValidationError',
      'argoRollouts',
      'canaryPlatformPolicies',
      'deployCanaryChart',
      'evaluatePolicies',
      'findRule',
      'formatViolation',
      'formatWaiver',
      'isValidationError',
      'observabilityInputFromCanary',
      'renderCanaryService',
      'renderPlatformObservability',
      'renderServiceObservability',
      'validateCanaryServiceProps',
      'validateObject',
      'validateObjects',
      'validatePromQL',
      'validateQueriesIn',
    ]);
    expect(docs.values.get('canary-platform/argo-rollouts')).toEqual(['PARITY_TABLE', 'renderArgoRollouts']);
  });

  it('keeps internal helpers internal (tests import them from their source files)', () => {
    const root = docs.exports.get('canary-platform') ?? [];
    for (const name of ['cookieRegex', 'sortKeys', 'synthesizeChart', 'formatProblem', 'objectId', 'errorRateQuery', 'canaryServiceNames', 'serviceTimeline', 'resourceToObject', 'findQueries']) {
      expect(root).not.toContain(name);
    }
  });

  it('has no documentation gaps in the entry points and the finished components', () => {
    const gaps = docs.gaps.filter((g) => COMPLETE.some((prefix) => g.file === prefix || g.file.startsWith(prefix)));
    expect(gaps).toEqual([]);
  });

  it('requires @default only on input types (Props, Args, Settings, Options, Input, Spec), not on resolved results', () => {
    expect(['CanaryServiceProps', 'GkeClusterArgs', 'IstioSettings', 'DeployCanaryChartOptions', 'ParityInput', 'NodePoolSpec'].every(isInputType)).toBe(true);
    expect(['ResolvedGkeClusterArgs', 'PlatformNamespaces', 'CanaryServiceNames', 'ReleaseTimeline'].some(isInputType)).toBe(false);
  });
});

describe('package.json entry points', () => {
  it('points main and types at the compiled root', () => {
    expect([pkg.main, pkg.types]).toEqual(['build/index.js', 'build/index.d.ts']);
    expect(pkg.exports['.']).toEqual({ types: './build/index.d.ts', default: './build/index.js' });
  });

  it('exports exactly the root, one subpath per API entry (types first) and package.json', () => {
    const expected: PackageJson['exports'] = { '.': pkg.exports['.'], './package.json': './package.json' };
    for (const e of API_ENTRIES) {
      const name = e.source.replace(/^api\/|\.ts$/g, '');
      expect(e.importPath).toBe(`canary-platform/${name}`);
      expected[`./${name}`] = { types: `./build/api/${name}.d.ts`, default: `./build/api/${name}.js` };
    }
    expect(pkg.exports).toEqual(expected);
    for (const value of Object.values(pkg.exports)) if (typeof value === 'object') expect(Object.keys(value)).toEqual(['types', 'default']);
  });

  it('maps each subpath in typesVersions too, for TypeScript projects that resolve with moduleResolution node10', () => {
    const expected = Object.fromEntries(API_ENTRIES.map((e) => e.source.replace(/^api\/|\.ts$/g, '')).map((name) => [name, [`build/api/${name}.d.ts`]]));
    expect(pkg.typesVersions).toEqual({ '*': expected });
  });
});
