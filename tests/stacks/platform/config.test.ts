import { rawStackConfig } from '../../support/stack-config';
import { parseStackConfig, SecretValue, StackConfig } from '../../../stacks/platform/config';

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXX';

function parse(raw: Record<string, string>, secretKeys: string[] = []): StackConfig {
  return parseStackConfig(raw, { file: 'Pulumi.prod.yaml', secretKeys });
}

/** The problems of an invalid config, one line each. */
function problems(raw: Record<string, string>, secretKeys: string[] = []): string[] {
  try {
    parse(raw, secretKeys);
  } catch (err) {
    return (err as Error).message.split('\n').slice(1).map((l) => l.replace(/^ {2}- /, ''));
  }
  throw new Error('expected the configuration to be invalid');
}

const prod = rawStackConfig('prod', { 'canary-platform:slackWebhookUrl': SLACK });

function withKey(key: string, value: unknown): Record<string, string> {
  return { ...prod.raw, [key]: typeof value === 'string' ? value : JSON.stringify(value) };
}

describe('parseStackConfig', () => {
  it('refuses a service that asks the judge when the judge is disabled, naming both keys', () => {
    expect(problems(withKey('canary-platform:judge', { enabled: false }), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:services[0].analysis.judge is on, but canary-platform:judge.enabled is false (no judge answers its webhooks); remove analysis.judge, or enable the judge',
    ]);
  });

  it('refuses invalid judge settings at the config boundary', () => {
    expect(problems(withKey('canary-platform:judge', { replicas: 0 }), prod.secretKeys)).toEqual([expect.stringContaining('canary-platform:judge.replicas')]);
  });

  it('accepts Pulumi.prod.yaml and types it', () => {
    const config = parse(prod.raw, prod.secretKeys);
    expect(config.project).toBe('acme-canary-prod');
    expect(config.region).toBe('europe-west4');
    expect(config.environment).toBe('prod');
    expect(config.cluster.zones).toEqual(['europe-west4-a', 'europe-west4-b', 'europe-west4-c']);
    expect(config.cluster.nodePools.map((p) => p.name)).toEqual(['system', 'workloads']);
    expect(config.domains).toEqual(['prod.canary.example.com']);
    expect(config.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(['demo/podinfo']);
    expect(config.secrets.slackWebhookUrl).toBeInstanceOf(SecretValue);
  });

  it('accepts Pulumi.staging.yaml with smaller sizes and looser analysis', () => {
    const staging = rawStackConfig('staging');
    const config = parseStackConfig(staging.raw, { file: staging.file, secretKeys: [] });
    expect(config.cluster.zones).toHaveLength(2);
    expect(config.cluster.protect).toBe(false);
    expect(config.observability.loki?.protect).toBe(false);
    expect(config.services[0]).toMatchObject({ analysis: { threshold: 5, checks: { successRate: { minPercent: 95 } } } });
  });

  it('defaults the cluster name from the environment', () => {
    const cluster = JSON.parse(prod.raw['canary-platform:cluster']) as Record<string, unknown>;
    delete cluster.name;
    expect(parse(withKey('canary-platform:cluster', cluster), prod.secretKeys).cluster.name).toBe('canary-prod');
  });

  it('never prints secret values', () => {
    const config = parse(prod.raw, prod.secretKeys);
    expect(JSON.stringify(config)).not.toContain(SLACK);
    expect(`${config.secrets.slackWebhookUrl}`).toBe('[secret]');
    expect(config.secrets.slackWebhookUrl?.reveal()).toBe(SLACK);
  });

  it('rejects unknown canary-platform keys, listing the known ones', () => {
    expect(problems(withKey('canary-platform:clusterr', {}), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:clusterr is not a known key; known keys: canary-platform:environment, ' +
        'canary-platform:cluster, canary-platform:domains, canary-platform:ingress, canary-platform:alerts, ' +
        'canary-platform:addons, canary-platform:observability, canary-platform:flagger, canary-platform:judge, canary-platform:services, canary-platform:standby, ' +
        'canary-platform:policyWaivers, canary-platform:slackWebhookUrl, canary-platform:rocketChatWebhookUrl, canary-platform:grafanaAdminPassword, ' +
        'canary-platform:argoRolloutsSlackToken, canary-platform:delivery, canary-platform:gitops',
    ]);
  });

  it('rejects unknown nested keys', () => {
    const cluster = JSON.parse(prod.raw['canary-platform:cluster']) as { nodePools: Array<Record<string, unknown>> };
    cluster.nodePools[0].maxNode = 3;
    expect(problems(withKey('canary-platform:cluster', cluster), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:cluster.nodePools[0].maxNode is not a known key; known keys: name, machineType, ' +
        'minNodes, maxNodes, diskSizeGb, diskType, spot, maxSurge, maxUnavailable, labels, taints, imageStreaming',
    ]);
  });

  it('names the key, the value and the rule for out-of-range values', () => {
    const cluster = JSON.parse(prod.raw['canary-platform:cluster']) as { nodePools: Array<Record<string, unknown>> };
    cluster.nodePools[0].maxNodes = 0;
    expect(problems(withKey('canary-platform:cluster', cluster), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:cluster.nodePools[0].maxNodes (0) must be >= 1',
    ]);
  });

  it('rejects wrong types', () => {
    expect(problems(withKey('canary-platform:addons', { argoRollouts: 'yes' }), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:addons.argoRollouts "yes" must be a boolean',
    ]);
    expect(problems(withKey('canary-platform:domains', 'prod.example.com'), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:domains (prod.example.com) must be a list (structured config)',
    ]);
    expect(problems(withKey('canary-platform:environment', 'production'), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:environment "production" must be one of prod, staging, dev',
    ]);
  });

  it('requires gcp:project and gcp:region', () => {
    const raw = { ...prod.raw };
    delete raw['gcp:project'];
    delete raw['gcp:region'];
    expect(problems(raw, prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: gcp:project is required; set it with: pulumi config set gcp:project <value>',
      'Pulumi.prod.yaml: gcp:region is required; set it with: pulumi config set gcp:region <value>',
    ]);
  });

  it('rejects a webhook URL stored in plain text without echoing it', () => {
    expect(problems(prod.raw, [])).toEqual([
      'Pulumi.prod.yaml: canary-platform:slackWebhookUrl is stored in plain text; set it with: ' +
        'pulumi config set --secret canary-platform:slackWebhookUrl <value>',
    ]);
    const bad = { ...prod.raw, 'canary-platform:slackWebhookUrl': 'http://insecure.example.com/hook' };
    expect(problems(bad, prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:slackWebhookUrl (secret) must be an https:// URL',
    ]);
  });

  it('applies cross-field rules of the components, mapped to config keys', () => {
    const cluster = JSON.parse(prod.raw['canary-platform:cluster']) as { zones: string[]; nodePools: Array<Record<string, unknown>> };
    cluster.zones = ['europe-west4-a', 'us-east1-b'];
    cluster.nodePools[1].minNodes = 12;
    expect(problems(withKey('canary-platform:cluster', cluster), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:cluster.zones[1] (us-east1-b) must be a zone of region europe-west4',
      'Pulumi.prod.yaml: canary-platform:cluster.nodePools[1].maxNodes (10) must be >= minNodes (12)',
    ]);
  });

  it('rejects two services with the same name in one namespace', () => {
    const services = JSON.parse(prod.raw['canary-platform:services']) as unknown[];
    expect(problems(withKey('canary-platform:services', [...services, services[0]]), prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:services[1].name ("podinfo") is already used in namespace demo by services[0]',
    ]);
  });

  it('rejects a service on the Argo Rollouts engine when the controller add-on is off, and accepts it when on', () => {
    const services = JSON.parse(prod.raw['canary-platform:services']) as Record<string, unknown>[];
    const argo = services.map((s) => ({ ...s, engine: 'argoRollouts', analysis: { ...(s.analysis as object), judge: false } }));
    const raw = withKey('canary-platform:services', argo);
    expect(problems({ ...raw, 'canary-platform:addons': JSON.stringify({ argoRollouts: false }) }, prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:services[0].engine ("argoRollouts") needs the Argo Rollouts controller; set canary-platform:addons.argoRollouts: true or use engine "flagger"',
    ]);
    const enabled = parse({ ...raw, 'canary-platform:addons': JSON.stringify({ argoRollouts: true }) }, prod.secretKeys);
    expect(enabled.services.map((s) => (s as { engine?: string }).engine)).toEqual(argo.map(() => 'argoRollouts'));
  });

  it('reports every problem at once', () => {
    const raw = withKey('canary-platform:flagger', { replicas: 0, loadTesterReplicas: 0 });
    expect(problems(raw, prod.secretKeys)).toEqual([
      'Pulumi.prod.yaml: canary-platform:flagger.replicas (0) must be >= 1',
      'Pulumi.prod.yaml: canary-platform:flagger.loadTesterReplicas (0) must be >= 1',
    ]);
  });
});

describe('parseStackConfig: services', () => {
  it('reports CanaryService problems under the config key', () => {
    const services = JSON.parse(prod.raw['canary-platform:services']) as Array<Record<string, unknown>>;
    services[0].port = 70000;
    const lines = problems(withKey('canary-platform:services', services), prod.secretKeys);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Pulumi\.prod\.yaml: canary-platform:services\[0\]\.port \(70000\) /);
  });
});
