/**
 * `canary-platform:delivery` and `canary-platform:gitops` in the stack configuration, and the program in `gitops`
 * mode under mocks: Pulumi creates the cloud parts and the Flux bootstrap only (one owner per object), with the
 * outputs of `pulumi` mode.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { tempDir } from '../support/temp';
import { installRecordingMonitor, plainOccurrences, type ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';
import { formatProblem, isValidationError, type ValidationError } from '../../packages/shared';
import { parseStackConfig } from '../../stacks/platform/config';
import { buildPlatformStack, type PlatformStackOutputs } from '../../stacks/platform/program';
import { loadRebuildConfig } from '../../tools/rebuild/plan';

const GITOPS = { source: { kind: 'git', url: 'ssh://git@github.com/acme/platform-config', branch: 'main' }, path: 'clusters/prod' };
const SLACK = 'https://hooks.slack.com/services/T000/B000/SECRET-SLACK';
const ROCKET = 'https://chat.example.com/hooks/SECRET-ROCKET';
const SECRETS = { 'canary-platform:slackWebhookUrl': SLACK, 'canary-platform:rocketChatWebhookUrl': ROCKET };

function prod(extra: Record<string, string> = {}): { raw: Record<string, string>; file: string } {
  const { raw, file } = rawStackConfig('prod');
  delete raw['canary-platform:services'];
  return { raw: { ...raw, ...extra }, file };
}

function problems(raw: Record<string, string>): string[] {
  try {
    parseStackConfig(raw, { file: 'Pulumi.prod.yaml', secretKeys: [] });
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return (err as ValidationError).problems.map(formatProblem);
  }
}

describe('canary-platform:delivery and canary-platform:gitops', () => {
  it('defaults to pulumi delivery', () => {
    const { raw, file } = prod();
    expect(parseStackConfig(raw, { file, secretKeys: [] }).delivery).toBe('pulumi');
  });

  it('parses gitops delivery with its config repository', () => {
    const { raw, file } = prod({ 'canary-platform:delivery': 'gitops', 'canary-platform:gitops': JSON.stringify(GITOPS) });
    const config = parseStackConfig(raw, { file, secretKeys: [] });
    expect([config.delivery, config.gitops]).toEqual(['gitops', GITOPS]);
  });

  it('names the accepted modes for an unknown one', () => {
    expect(problems(prod({ 'canary-platform:delivery': 'argo' }).raw)).toEqual(['Pulumi.prod.yaml: canary-platform:delivery "argo" must be one of pulumi, gitops']);
  });

  it('requires the config repository with gitops delivery', () => {
    expect(problems(prod({ 'canary-platform:delivery': 'gitops' }).raw)).toEqual([
      'Pulumi.prod.yaml: canary-platform:gitops is required when canary-platform:delivery is gitops: set source (the config repository Flux syncs) and path (its folder holding the synth output); see docs/gitops.md',
    ]);
  });

  it("reports the bootstrap's rules under the config key, and unknown keys", () => {
    const gitops = { ...GITOPS, source: { kind: 'git', url: 'git@github.com:acme/c.git' }, path: '/abs', branches: ['main'] };
    expect(problems(prod({ 'canary-platform:delivery': 'gitops', 'canary-platform:gitops': JSON.stringify(gitops) }).raw)).toEqual([
      'Pulumi.prod.yaml: canary-platform:gitops.branches is not a known key; known keys: source, path, interval, imageAutomation',
    ]);
    const bad = { ...GITOPS, source: { kind: 'git', url: 'git@github.com:acme/c.git' }, path: '/abs' };
    expect(problems(prod({ 'canary-platform:delivery': 'gitops', 'canary-platform:gitops': JSON.stringify(bad) }).raw)).toEqual([
      'Pulumi.prod.yaml: canary-platform:gitops.source.url ("git@github.com:acme/c.git") must be an https:// or ssh:// Git URL, e.g. ssh://git@github.com/acme/platform-config',
      "Pulumi.prod.yaml: canary-platform:gitops.path (\"/abs\") must be a folder of the repository like clusters/prod: relative, no '.' or '..' segments",
    ]);
  });
});

describe('the program in gitops mode (mocked)', () => {
  const monitor = installRecordingMonitor({ stack: 'prod' });
  let gitops: { graph: ResourceGraph; outputs: Record<string, unknown> };
  let pulumiMode: Record<string, unknown>;

  const resolve = async (outputs: PlatformStackOutputs): Promise<Record<string, unknown>> => {
    const entries = await Promise.all(
      Object.entries(outputs).map(async ([key, value]) => [key, pulumi.Output.isInstance(value) ? await new Promise((r) => value.apply(r)) : value] as const),
    );
    return Object.fromEntries(entries);
  };

  beforeAll(async () => {
    const secretKeys = Object.keys(SECRETS);
    const { raw, file } = prod({ ...SECRETS, 'canary-platform:delivery': 'gitops', 'canary-platform:gitops': JSON.stringify(GITOPS) });
    const outputs = await resolve(buildPlatformStack(parseStackConfig(raw, { file, secretKeys })));
    gitops = { graph: await monitor.settle(), outputs };
    // Then pulumi mode, for its outputs only (the same monitor records it after the graph above was taken).
    const base = prod(SECRETS);
    pulumiMode = await resolve(buildPlatformStack(parseStackConfig(base.raw, { file: base.file, secretKeys })));
    await monitor.settle();
  }, 60_000);

  it('creates the cloud parts: cluster, network, node pools, identities, the Loki bucket', () => {
    const types = new Set(gitops.graph.resources.map((r) => r.type));
    for (const type of ['gcp:container/cluster:Cluster', 'gcp:compute/network:Network', 'gcp:container/nodePool:NodePool', 'gcp:storage/bucket:Bucket', 'gcp:serviceaccount/account:Account']) {
      expect(types).toContain(type);
    }
    expect(gitops.graph.one('gcp:storage/bucket:Bucket', 'canary-prod-observability-loki-bucket').protect).toBe(true);
  });

  it('applies no in-cluster object itself but the Flux bootstrap (one owner per object)', () => {
    const component = gitops.graph.one('canary-platform:flux:FluxBootstrap', 'canary-prod-flux');
    const kubernetes = gitops.graph.resources.filter((r) => r.type.startsWith('kubernetes:'));
    expect(kubernetes.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:core/v1:Namespace canary-prod-flux-namespace',
      'kubernetes:core/v1:Secret canary-prod-flux-substitutions',
      'kubernetes:helm.sh/v3:Release canary-prod-flux-release',
      'kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization canary-prod-flux-root',
      'kubernetes:source.toolkit.fluxcd.io/v1:GitRepository canary-prod-flux-source',
    ]);
    for (const r of kubernetes) expect(gitops.graph.parentOf(r)?.urn).toBe(component.urn);
  });

  it('bootstraps Flux after the node pools', () => {
    const namespace = gitops.graph.one('kubernetes:core/v1:Namespace', 'canary-prod-flux-namespace');
    for (const pool of gitops.graph.resources.filter((r) => r.type === 'gcp:container/nodePool:NodePool')) {
      expect(gitops.graph.dependsOn(namespace, pool)).toBe(true);
    }
  });

  it('hands every stack secret to Flux as a substitution value, never in plain inputs', () => {
    const secret = gitops.graph.one('kubernetes:core/v1:Secret', 'canary-prod-flux-substitutions');
    expect(Object.keys((secret.inputs.stringData as { value: object }).value)).toEqual(['ROCKET_CHAT_WEBHOOK_URL', 'SLACK_WEBHOOK_URL']);
    for (const r of gitops.graph.resources) expect([...plainOccurrences(r.inputs, SLACK), ...plainOccurrences(r.inputs, ROCKET)]).toEqual([]);
  });

  it("exports what pulumi mode exports, so team stacks work with either (the services are Flux's)", () => {
    expect(gitops.outputs).toEqual(pulumiMode);
  });
});

describe('rebuild of a gitops stack', () => {
  it('is refused: the layers would apply objects Flux owns', () => {
    const dir = tempDir('rebuild-gitops-');
    writeFileSync(join(dir, 'Pulumi.yaml'), 'name: canary-platform\nruntime: nodejs\nmain: stacks/platform/\n');
    writeFileSync(join(dir, 'Pulumi.prod.yaml'), readFileSync(join(__dirname, 'fixtures', 'Pulumi.gitops.yaml'), 'utf8'));
    expect(() => loadRebuildConfig(dir, 'prod')).toThrow(
      `Pulumi.prod.yaml: canary-platform:delivery ("gitops"): Flux owns the in-cluster objects the layers would apply; rebuild with pulumi up -s prod (the cloud parts and Flux's bootstrap), and Flux restores the rest`,
    );
  });
});
