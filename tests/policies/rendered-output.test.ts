/**
 * What this project renders passes its own policies: every CanaryService strategy on both engines with default
 * settings, and the whole prod stack (Pulumi resources and manifests) as the offline render produces it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderCanaryService, STRATEGY_KINDS, ENGINES, type StrategyProps } from '../../components/canary';
import { synth, type RenderedStack } from '../../infra/offline';
import { evaluatePolicies, formatViolation, POLICY_RULES, type PulumiResource } from '../../policies';

const STRATEGIES: Record<(typeof STRATEGY_KINDS)[number], StrategyProps> = {
  canary: { kind: 'canary' },
  abTesting: { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', value: 'insider' }] },
  blueGreen: { kind: 'blueGreen' },
  mirror: { kind: 'mirror' },
};

describe('CanaryService output', () => {
  const cases = ENGINES.flatMap((engine) => STRATEGY_KINDS.map((kind) => [engine, kind] as const));

  it.each(cases)('passes every rule in prod: engine %s, strategy %s, default settings', (engine, kind) => {
    const objects = renderCanaryService({ name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898, engine, strategy: STRATEGIES[kind] }, { namespace: 'apps' });
    expect(objects.some((o) => o.kind === 'Deployment' || o.kind === 'Rollout')).toBe(true);
    expect(evaluatePolicies({ objects, environment: 'prod' }).violations.map(formatViolation)).toEqual([]);
  });
});

describe('prod stack', () => {
  let rendered: RenderedStack;
  let resources: PulumiResource[];

  beforeAll(async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-prod-'));
    try {
      await synth({ projectDir: path.join(__dirname, '..', '..'), stack: 'prod', outDir: out, checks: [(stack) => ((rendered = stack), [])] });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    resources = rendered.plan.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs as Record<string, unknown> }));
  }, 120000);

  it('holds the resources the GKE, Helm and secret rules check', () => {
    const types = new Set(resources.map((r) => r.type));
    for (const type of ['gcp:container/cluster:Cluster', 'gcp:container/nodePool:NodePool', 'kubernetes:helm.sh/v3:Release']) expect(types).toContain(type);
    const checked = POLICY_RULES.filter((rule) => rule.checkResource && (rule.resourceTypes ?? []).some((t) => types.has(t))).map((r) => r.id);
    expect(checked.filter((id) => id.startsWith('gke-'))).toHaveLength(10);
    expect(checked).toContain('helm-chart-version-pinned');
  });

  it('passes every rule, resources and manifests together, with no waiver', () => {
    const result = evaluatePolicies({ resources, objects: rendered.manifests.map((m) => m.object), environment: 'prod' });
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.waivers).toEqual([]);
  });

  it('would be refused if its cluster lost a hardening setting (the check is not vacuous)', () => {
    const weakened = resources.map((r) =>
      r.type === 'gcp:container/cluster:Cluster' ? { ...r, inputs: { ...r.inputs, deletionProtection: false, datapathProvider: 'LEGACY_DATAPATH' } } : r,
    );
    const ids = evaluatePolicies({ resources: weakened, environment: 'prod' }).violations.map((v) => v.ruleId);
    expect(ids).toEqual(['gke-deletion-protection', 'gke-network-policy']);
  });
});
