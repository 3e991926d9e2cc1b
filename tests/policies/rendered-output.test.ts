/**
 * What this project renders passes its own policies: every CanaryService strategy on both engines with default
 * settings, and the whole prod stack (Pulumi resources and manifests) as the offline render produces it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderCanaryService, STRATEGY_KINDS, ENGINES, type StrategyProps } from '../../packages/canary';
import { synth, type RenderedStack, type SynthCheck } from '../../tools/offline';
import { evaluatePolicies, evaluateRendered, formatViolation, policyCheck, policyInputFromRendered, policyWaiverTable, POLICY_RULES, type PulumiResource } from '../../packages/policies';

/** `policyCheck` plugs into synth as it is (compile-time proof of the contract). */
const asSynthCheck: SynthCheck = policyCheck;

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
      await synth({ projectDir: path.join(__dirname, '..', '..'), stack: 'prod', outDir: path.join(out, 'prod'), checks: [(stack) => ((rendered = stack), [])] });
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

  /** The one waiver the platform itself carries: plaintext webhooks into the load tester (packages/platform/flagger). */
  const LOAD_TESTER_WAIVER = [
    'mesh-mtls-strict',
    'manifests/flagger-system/peerauthentication-flagger-loadtester-webhooks.yaml',
    '1',
    'Flagger and Argo Rollouts have no sidecar and call the load tester webhook in plaintext; only port 8080 of the load tester accepts it',
  ];

  it('passes every rule, resources and manifests together, with only the load tester waiver', () => {
    expect(policyInputFromRendered(rendered).environment).toBe('prod');
    const result = evaluateRendered(rendered);
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.waivers.map((w) => `${w.ruleId} ${w.subject}`)).toEqual(['mesh-mtls-strict flagger-system/PeerAuthentication/flagger-loadtester-webhooks']);
    expect(asSynthCheck(rendered)).toEqual([]);
    expect(policyWaiverTable(rendered)).toEqual({ columns: ['rule', 'waived for', 'findings', 'reason'], rows: [LOAD_TESTER_WAIVER] });
  });

  /** The rendered prod stack with its cluster's deletion protection switched off. */
  const unprotected = (): RenderedStack => ({
    ...rendered,
    plan: {
      ...rendered.plan,
      resources: rendered.plan.resources.map((r) => (r.type === 'gcp:container/cluster:Cluster' ? { ...r, inputs: { ...r.inputs, deletionProtection: false } } : r)),
    },
  });

  it('would be refused by synth if its cluster lost a hardening setting, naming the resource and the field', () => {
    const cluster = rendered.plan.resources.find((r) => r.type === 'gcp:container/cluster:Cluster');
    expect(policyCheck(unprotected())).toEqual([
      {
        subject: `gcp:container/cluster:Cluster::${cluster?.name}`,
        path: 'deletionProtection',
        message: '(false) lets Pulumi delete the cluster; remove it or set it to true [gke-deletion-protection]',
      },
    ]);
    const weakened = resources.map((r) => (r.type === 'gcp:container/cluster:Cluster' ? { ...r, inputs: { ...r.inputs, datapathProvider: 'LEGACY_DATAPATH' } } : r));
    expect(evaluatePolicies({ resources: weakened, environment: 'prod' }).violations.map((v) => v.ruleId)).toEqual(['gke-network-policy']);
  });

  it('lets a reasoned waiver in the stack config (canary-platform:policyWaivers) through, and lists it', () => {
    const stack = unprotected();
    const cluster = stack.plan.resources.find((r) => r.type === 'gcp:container/cluster:Cluster');
    const subject = `gcp:container/cluster:Cluster::${cluster?.name}`;
    const reason = 'DR drill cluster, destroyed and rebuilt every night by the rebuild job';
    const config = stack.stackConfig?.config ?? {};
    const waived: RenderedStack = {
      ...stack,
      stackConfig: stack.stackConfig && { ...stack.stackConfig, config: { ...config, 'canary-platform:policyWaivers': JSON.stringify({ 'gke-deletion-protection': { [subject]: reason } }) } },
    };
    expect(policyCheck(waived)).toEqual([]);
    expect(policyWaiverTable(waived)).toEqual({ columns: ['rule', 'waived for', 'findings', 'reason'], rows: [LOAD_TESTER_WAIVER, ['gke-deletion-protection', subject, '1', reason]] });
  });
});
