/**
 * The @pulumi/policy policies, called directly with fake validation arguments the way the policy pack server
 * calls them: one policy per rule, per-resource or per-stack, configuration from the pack config.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { canaryPlatformPolicies, isPolicyPackHost, POLICY_RULES, unwrapProps, type PolicyPackPolicyConfig } from '../../packages/policies';
import { baselineObjects, baselineResources, objectsWith } from './fixtures';

// The proxy @pulumi/policy wraps inputs in (internal, so read untyped): it throws on any unknown value.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require('@pulumi/policy/proxy') as { unknownCheckingProxy: (v: object) => Record<string, unknown>; unknownStringValue: string };

const policies = canaryPlatformPolicies();
const policy = (name: string) => {
  const found = policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
/** A copy made in this realm: the proxy only wraps objects that are `instanceof Object` here (structuredClone's are not under jest). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const opts = (additionalSecretOutputs: string[] = []) => ({ protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs, customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } });

/** Fake resource validation arguments, as the policy server builds them (inputs behind the unknown-checking proxy). */
function resourceArgs(type: string, name: string, props: object, config: PolicyPackPolicyConfig = {}, secretOutputs: string[] = []): ResourceValidationArgs {
  return {
    type,
    name,
    urn: `urn:pulumi:prod::canary-platform::${type}::${name}`,
    props: proxy.unknownCheckingProxy(copy(props)),
    opts: opts(secretOutputs),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  };
}

/** Runs a resource policy and returns what it reported. */
async function validateResource(name: string, args: ResourceValidationArgs): Promise<string[]> {
  const reported: string[] = [];
  const report: ReportViolation = (message) => void reported.push(message);
  const validations = (policy(name) as ResourceValidationPolicy).validateResource;
  for (const validate of Array.isArray(validations) ? validations : [validations]) await validate?.(args, report);
  return reported;
}

const kubeType = (obj: { apiVersion: string; kind: string }) =>
  `kubernetes:${obj.apiVersion.includes('/') ? obj.apiVersion : `core/${obj.apiVersion}`}:${obj.kind}`;

/** Fake stack validation arguments holding the given objects as Kubernetes resources. */
function stackArgs(objects: ReturnType<typeof baselineObjects>, config: PolicyPackPolicyConfig = {}): StackValidationArgs {
  const resources = objects.map((obj) => {
    const type = kubeType(obj);
    return {
      type,
      name: obj.metadata.name,
      urn: `urn:pulumi:prod::canary-platform::${type}::${obj.metadata.name}`,
      props: proxy.unknownCheckingProxy(copy(obj)),
      opts: opts(),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
  });
  return { resources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable: (): never => { throw new Error('notApplicable'); } };
}

describe('policy pack policies', () => {
  it('has one policy per rule plus the waiver rule check, each with the rule metadata', () => {
    expect(policies.map((p) => p.name)).toEqual([...POLICY_RULES.map((r) => r.id), 'waiver-known-rule']);
    for (const rule of POLICY_RULES) {
      const p = policy(rule.id);
      expect(p).toMatchObject({ description: rule.description, remediationSteps: rule.remediation, enforcementLevel: 'mandatory', severity: 'high' });
      expect('validateStack' in p).toBe(rule.usesObjectSet === true);
      expect(Object.keys(p.configSchema?.properties ?? {}).sort()).toEqual(rule.prodOnly ? ['environment', 'waivers'] : ['waivers']);
    }
  });

  it('reports a Kubernetes resource that breaks a rule, naming the object and the field', async () => {
    const [deployment] = objectsWith('Deployment', 'podinfo', (d) => (d.spec.template.spec.containers[0].image = 'nginx:latest'));
    expect(await validateResource('workload-image-pinned', resourceArgs('kubernetes:apps/v1:Deployment', 'podinfo', deployment))).toEqual([
      'apps/Deployment/podinfo: spec.template.spec.containers[0].image ("nginx:latest") uses the mutable tag "latest"; pin a version tag (nginx:<version>) or a digest (nginx@sha256:...)',
    ]);
  });

  it('reads inputs behind the unknown-checking proxy without tripping on values unknown during preview', async () => {
    const [deployment] = objectsWith('Deployment', 'podinfo', (d) => (d.spec.template.spec.containers[0].image = proxy.unknownStringValue));
    const args = resourceArgs('kubernetes:apps/v1:Deployment', 'podinfo', deployment);
    expect(() => JSON.stringify(args.props)).toThrow(/can't be known during preview/);
    expect(unwrapProps(args.props)).toEqual(deployment);
    for (const rule of POLICY_RULES.filter((r) => !r.usesObjectSet)) expect(await validateResource(rule.id, args)).toEqual([]);
  });

  it('reports GKE and Helm resources by type and name', async () => {
    const [cluster, , istiod] = baselineResources();
    const publicCluster = { ...cluster.inputs, privateClusterConfig: { enablePrivateNodes: false } };
    expect(await validateResource('gke-private-nodes', resourceArgs(cluster.type, cluster.name, publicCluster))).toEqual([
      'gcp:container/cluster:Cluster::prod-gke: privateClusterConfig.enablePrivateNodes (false) must be true so nodes get no public IPs; add Cloud NAT for egress',
    ]);
    expect(await validateResource('helm-chart-version-pinned', resourceArgs(istiod.type, istiod.name, { ...istiod.inputs, version: '~1.24' }))).toEqual([
      'kubernetes:helm.sh/v3:Release::istiod: version ("~1.24") of chart "istiod" is a range or not a version; set an exact version such as 1.2.3',
    ]);
    expect(await validateResource('helm-chart-version-pinned', resourceArgs(cluster.type, cluster.name, publicCluster))).toEqual([]);
  });

  it('takes resource waivers from the policy config and annotation waivers from the object', async () => {
    const [cluster] = baselineResources();
    const unprotected = { ...cluster.inputs, deletionProtection: false };
    const waivers = { 'gcp:container/cluster:Cluster::prod-gke': 'staging clone recreated every night by the DR drill' };
    expect(await validateResource('gke-deletion-protection', resourceArgs(cluster.type, cluster.name, unprotected, { waivers }))).toEqual([]);
    expect(await validateResource('gke-deletion-protection', resourceArgs(cluster.type, cluster.name, unprotected, { waivers: { 'gcp:container/cluster:Cluster::prod-gke': 'todo' } }))).toEqual([
      'gcp:container/cluster:Cluster::prod-gke: deletionProtection (false) lets Pulumi delete the cluster; remove it or set it to true',
      'gcp:container/cluster:Cluster::prod-gke: waivers.gke-deletion-protection has a reason ("todo") that explains nothing; write at least 3 words saying why the rule does not apply here and until when; until then the waiver of gke-deletion-protection is ignored [waiver-has-reason]',
    ]);
    const [typo] = objectsWith('Deployment', 'podinfo', (d) => (d.metadata.annotations = { 'policy.canary-platform.dev/waive-image-pinned': 'vendor image only published as latest' }));
    expect(await validateResource('waiver-known-rule', resourceArgs('kubernetes:apps/v1:Deployment', 'podinfo', typo))).toEqual([
      'apps/Deployment/podinfo: metadata.annotations["policy.canary-platform.dev/waive-image-pinned"] waives "image-pinned", which is not a rule; see docs/policies.md for the rule ids [waiver-known-rule]',
    ]);
  });

  it('switches prod-only rules with the environment in the policy config (prod by default)', async () => {
    const [permissive] = objectsWith('PeerAuthentication', 'default', (d) => (d.spec.mtls.mode = 'PERMISSIVE')).filter((o) => o.kind === 'PeerAuthentication');
    const args = (config: PolicyPackPolicyConfig) => resourceArgs('kubernetes:security.istio.io/v1:PeerAuthentication', 'default', permissive, config);
    expect(await validateResource('mesh-mtls-strict', args({}))).toHaveLength(1);
    expect(await validateResource('mesh-mtls-strict', args({ environment: 'staging' }))).toEqual([]);
  });

  it('treats inputs Pulumi keeps secret (additionalSecretOutputs) as secret', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alerts', namespace: 'flagger-system' }, stringData: { slack: 'https://hooks.slack.com/services/T1/B1/abc' } };
    expect(await validateResource('secret-no-plaintext', resourceArgs('kubernetes:core/v1:Secret', 'alerts', secret, {}, ['data', 'stringData']))).toEqual([]);
    expect(await validateResource('secret-no-plaintext', resourceArgs('kubernetes:core/v1:Secret', 'alerts', secret))).toHaveLength(1);
  });

  it('runs cross-object rules as stack validations and reports against the offending resource', async () => {
    const reported: Array<[string, string | undefined]> = [];
    const withoutPdb = baselineObjects().filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'podinfo'));
    await (policy('workload-pdb-for-replicas') as StackValidationPolicy).validateStack(stackArgs(withoutPdb), (message, urn) => void reported.push([message, urn]));
    expect(reported).toEqual([
      [
        'apps/Deployment/podinfo: spec.selector selects pods that run at least 2 replicas but no PodDisruptionBudget in namespace "apps" selects them (app=podinfo or app=podinfo-primary); add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 and that selector',
        'urn:pulumi:prod::canary-platform::kubernetes:apps/v1:Deployment::podinfo',
      ],
    ]);
    const clean: unknown[] = [];
    await (policy('canary-analysis-defined') as StackValidationPolicy).validateStack(stackArgs(baselineObjects()), (m) => void clean.push(m));
    expect(clean).toEqual([]);
  });
});

describe('policy pack project', () => {
  const dir = path.join(__dirname, '..', '..', 'packages', 'policies');

  it('is a nodejs policy pack whose entry (index.ts) serves only under the policy pack host', () => {
    expect(fs.readFileSync(path.join(dir, 'PulumiPolicy.yaml'), 'utf8')).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.main).toBeUndefined();
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(isPolicyPackHost('/repo/node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js')).toBe(true);
    expect(isPolicyPackHost(require.main?.filename)).toBe(false);
    expect(isPolicyPackHost('/repo/node_modules/tsx/dist/cli.mjs')).toBe(false);
  });

  it('ships pack configs that set the environment of exactly the prod-only policies', () => {
    const prodOnly = POLICY_RULES.filter((r) => r.prodOnly).map((r) => r.id).sort();
    for (const [file, environment] of [['staging.json', 'staging'], ['prod.json', 'prod']] as const) {
      const config = JSON.parse(fs.readFileSync(path.join(dir, 'config', file), 'utf8')) as Record<string, PolicyPackPolicyConfig>;
      expect(Object.keys(config).sort()).toEqual(prodOnly);
      for (const id of prodOnly) expect(config[id]).toEqual({ environment });
    }
  });
});
