/** How evaluatePolicies applies waivers, environments, rule filters and Pulumi resource conventions. */
import { unknown as pulumiUnknown } from '@pulumi/pulumi';
import {
  countByRule,
  evaluatePolicies,
  formatViolation,
  formatWaiver,
  hasBlockingViolations,
  isUnknown,
  kubernetesKindOfType,
  resourceToObject,
  waiverAnnotation,
  type PulumiResource,
} from '../../packages/policies';
import { baselineInput, baselineObjects, objectsWith, resourcesWith } from './fixtures';

// @pulumi/policy's unknown sentinels are internal (stripped from its typings): read them here, so a version that
// changes them fails this test instead of letting unknown values through as violations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require('@pulumi/policy/proxy') as Record<string, unknown>;
const SENTINELS = ['Boolean', 'Number', 'String', 'Array', 'Asset', 'Archive', 'Object'].map((t) => proxy[`unknown${t}Value`]);
const unknownStringValue = proxy.unknownStringValue;
const unknownBooleanValue = proxy.unknownBooleanValue;

const REASON = 'node-local DNS cache needs the host network until NodeLocal DNSCache is enabled';
const hostNetworkPodinfo = (annotations: Record<string, string> = {}) =>
  objectsWith('Deployment', 'podinfo', (d) => {
    d.metadata.annotations = annotations;
    d.spec.template.spec.hostNetwork = true;
  });

describe('waivers', () => {
  it('suppresses the waived rule on that object only and lists the waiver with its count', () => {
    const objects = objectsWith('Rollout', 'checkout', (d) => (d.spec.template.spec.hostNetwork = true), hostNetworkPodinfo({ [waiverAnnotation('workload-no-host-network')]: REASON }));
    const result = evaluatePolicies(baselineInput({ objects }));
    expect(result.violations.map((v) => `${v.ruleId} ${v.subject}`)).toEqual(['workload-no-host-network shop/Rollout/checkout']);
    expect(result.waivers).toEqual([
      { ruleId: 'workload-no-host-network', subject: 'apps/Deployment/podinfo', reason: REASON, source: 'annotation', suppressed: 1, target: { kind: 'object', index: 0 } },
    ]);
  });

  it('lists a valid waiver that suppresses nothing with a count of 0', () => {
    const objects = objectsWith('Deployment', 'podinfo', (d) => (d.metadata.annotations = { [waiverAnnotation('workload-no-host-path')]: REASON }));
    const result = evaluatePolicies(baselineInput({ objects }));
    expect(result.violations).toEqual([]);
    expect(result.waivers.map((w) => [w.ruleId, w.suppressed])).toEqual([['workload-no-host-path', 0]]);
    expect(formatWaiver(result.waivers[0])).toBe(`waived workload-no-host-path for apps/Deployment/podinfo (unused: nothing to waive, remove it): "${REASON}"`);
  });

  it('applies resource waivers keyed by rule and <type>::<name>, and config waivers by config::<key>', () => {
    const result = evaluatePolicies(
      baselineInput({
        resources: resourcesWith('prod-gke', (r) => (r.inputs.deletionProtection = false)),
        config: { 'canary-platform:grafanaPassword': 'admin123' },
        resourceWaivers: {
          'gke-deletion-protection': { 'gcp:container/cluster:Cluster::prod-gke': 'staging clone recreated every night by the DR drill' },
          'secret-no-plaintext': { 'config::canary-platform:grafanaPassword': 'local kind cluster only, never deployed to GCP' },
        },
      }),
    );
    expect(result.violations).toEqual([]);
    expect(result.waivers.map((w) => [w.ruleId, w.subject, w.source, w.suppressed, w.target])).toEqual([
      ['gke-deletion-protection', 'gcp:container/cluster:Cluster::prod-gke', 'resource-waivers', 1, { kind: 'resource', index: 0 }],
      ['secret-no-plaintext', 'config::canary-platform:grafanaPassword', 'resource-waivers', 1, { kind: 'config', key: 'canary-platform:grafanaPassword' }],
    ]);
  });

  it('keeps a resource waiver for a subject that is not in the input, unmatched and unused', () => {
    const result = evaluatePolicies(baselineInput({ resourceWaivers: { 'gke-release-channel': { 'gcp:container/cluster:Cluster::gone': 'cluster removed last sprint, waiver kept' } } }));
    expect(result.waivers.map((w) => [w.target, w.suppressed])).toEqual([[{ kind: 'unmatched', subject: 'gcp:container/cluster:Cluster::gone' }, 0]]);
  });

  it('formats violations as one line with severity, rule, subject, field and fix', () => {
    const result = evaluatePolicies(baselineInput({ objects: hostNetworkPodinfo() }));
    expect(result.violations.map(formatViolation)).toEqual([
      "error workload-no-host-network apps/Deployment/podinfo: spec.template.spec.hostNetwork (true) puts the pod on the node's network; remove it and expose the pod through a Service",
    ]);
    expect(hasBlockingViolations(result)).toBe(true);
    expect(countByRule(result.violations)).toEqual([{ ruleId: 'workload-no-host-network', severity: 'error', count: 1 }]);
  });
});

describe('environments and rule selection', () => {
  const permissive = objectsWith('PeerAuthentication', 'default', (d) => (d.spec.mtls.mode = 'PERMISSIVE'));

  it('runs prod-only rules for prod and skips them elsewhere', () => {
    expect(evaluatePolicies(baselineInput({ objects: permissive })).violations.map((v) => v.ruleId)).toEqual(['mesh-mtls-strict']);
    expect(evaluatePolicies(baselineInput({ objects: permissive, environment: 'staging' })).violations).toEqual([]);
  });

  it('runs only the selected rules, with the waiver problems that concern them', () => {
    const objects = hostNetworkPodinfo({ [waiverAnnotation('workload-no-host-network')]: 'TODO', [waiverAnnotation('workload-no-host-path')]: 'n/a' });
    const result = evaluatePolicies(baselineInput({ objects, rules: ['workload-no-host-network'] }));
    expect(result.violations.map((v) => v.ruleId)).toEqual(['waiver-has-reason', 'workload-no-host-network']);
    expect(result.violations[0].message).toContain('waiver of workload-no-host-network');
  });

  it('is deterministic: the same input gives the same result', () => {
    const input = baselineInput({ objects: hostNetworkPodinfo(), resources: resourcesWith('prod-gke', (r) => (r.inputs.deletionProtection = false)) });
    expect(JSON.stringify(evaluatePolicies(input))).toBe(JSON.stringify(evaluatePolicies(input)));
  });
});

describe('Pulumi resources', () => {
  it('maps Kubernetes type tokens to apiVersion and kind, and nothing else', () => {
    expect(kubernetesKindOfType('kubernetes:apps/v1:Deployment')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(kubernetesKindOfType('kubernetes:core/v1:Secret')).toEqual({ apiVersion: 'v1', kind: 'Secret' });
    expect(kubernetesKindOfType('kubernetes:helm.sh/v3:Release')).toBeUndefined();
    expect(kubernetesKindOfType('kubernetes:yaml/v2:ConfigGroup')).toBeUndefined();
    expect(kubernetesKindOfType('kubernetes:core/v1:ConfigMapList')).toBeUndefined();
    expect(kubernetesKindOfType('gcp:container/cluster:Cluster')).toBeUndefined();
  });

  it('checks Kubernetes-typed resources as objects, with inputs kept secret redacted', () => {
    const secret: PulumiResource = {
      type: 'kubernetes:core/v1:Secret',
      name: 'alert-webhooks',
      inputs: { metadata: { namespace: 'flagger-system' }, stringData: { slack: 'https://hooks.slack.com/services/T1/B1/abc' } },
      secretInputs: ['data', 'stringData'],
    };
    expect(resourceToObject(secret)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alert-webhooks', namespace: 'flagger-system' }, stringData: '[secret]' });
    expect(evaluatePolicies({ environment: 'prod', resources: [secret] }).violations).toEqual([]);
    const plain = evaluatePolicies({ environment: 'prod', resources: [{ ...secret, secretInputs: [] }] }).violations;
    expect(plain.map((v) => [v.ruleId, v.subject, v.path, v.target])).toEqual([['secret-no-plaintext', 'flagger-system/Secret/alert-webhooks', 'stringData.slack', { kind: 'resource', index: 0 }]]);
  });

  it('does not check an object twice when it is given as an object and as a resource', () => {
    const [deployment] = hostNetworkPodinfo();
    const asResource: PulumiResource = { type: 'kubernetes:apps/v1:Deployment', name: 'podinfo', inputs: deployment as unknown as Record<string, unknown> };
    const result = evaluatePolicies({ environment: 'prod', objects: [...hostNetworkPodinfo()], resources: [asResource] });
    expect(result.violations.filter((v) => v.ruleId === 'workload-no-host-network')).toHaveLength(1);
  });

  it('treats every kind of unknown value as computed at deploy time, never as a violation', () => {
    expect(SENTINELS.every((s) => typeof s === 'string')).toBe(true);
    for (const sentinel of SENTINELS) expect(isUnknown(sentinel)).toBe(true);
    expect(isUnknown(pulumiUnknown)).toBe(true);
    expect(isUnknown('a value')).toBe(false);
    const resources = resourcesWith('prod-gke-general', (r) => {
      r.inputs.nodeConfig.serviceAccount = unknownStringValue;
      r.inputs.nodeConfig.shieldedInstanceConfig.enableSecureBoot = unknownBooleanValue;
    });
    expect(evaluatePolicies(baselineInput({ resources })).violations).toEqual([]);
  });

  it('skips data that is not shaped like a Kubernetes object (schema validation reports it)', () => {
    const objects = [...baselineObjects(), { kind: 'Deployment' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }] as never[];
    expect(evaluatePolicies(baselineInput({ objects })).violations).toEqual([]);
  });
});
