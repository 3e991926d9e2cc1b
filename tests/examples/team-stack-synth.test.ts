/**
 * `canary-platform synth -C examples/team-stack --stack dev` renders the team's stack offline: its StackReference
 * to the platform stack (`organization/canary-platform/staging`, Pulumi.dev.yaml) is stood in by the offline
 * engine with the outputs the platform program exports (stacks/platform/index.ts), so both CanaryServices render from them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from 'canary-platform';
import { PLATFORM_CONTRACT } from '../../packages/shared';
import type { CliOutput } from '../../tools/cli/command';
import { runCli } from '../../tools/cli/main';
import { platformStackOutputs, PLATFORM_SECRET_OUTPUTS, standInResource } from '../../tools/offline/stand-ins';

const ROOT = join(__dirname, '..', '..');
const TEAM_STACK = join(ROOT, 'examples', 'team-stack');

interface CanaryObject extends KubeObject {
  readonly spec: { readonly service: { readonly gateways: string[]; readonly hosts: string[] }; readonly analysis: { readonly webhooks?: { readonly url: string }[] } };
}

describe('synth -C examples/team-stack --stack dev (offline)', () => {
  let work: string;
  let out: string;
  let code: number;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: CliOutput = { out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  const manifest = (file: string): KubeObject => parse(readFileSync(join(out, 'manifests', 'shop', file), 'utf8')) as KubeObject;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'team-stack-synth-'));
    out = join(work, 'dev');
    code = await runCli(['node', 'canary-platform', 'synth', '-C', TEAM_STACK, '--stack', 'dev', '--out', out, '--quiet'], output);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('exits 0 without an error, writing only into the out folder it was given', () => {
    expect(stderr.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(code).toBe(0);
    expect(readdirSync(work)).toEqual(['dev']);
    expect(existsSync(join(TEAM_STACK, 'dist'))).toBe(false);
  });

  it('renders both CanaryServices into the team namespace, with the Namespace (Istio sidecar injection)', () => {
    const files = readdirSync(join(out, 'manifests', 'shop')).sort();
    expect(files.filter((f) => f.startsWith('canary-'))).toEqual(['canary-checkout.yaml', 'canary-storefront.yaml']);
    expect(files.filter((f) => f.startsWith('deployment-'))).toEqual(['deployment-checkout.yaml', 'deployment-storefront.yaml']);
    expect(manifest('namespace-shop.yaml').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  it('renders the services from the stood-in outputs of the staging platform stack', () => {
    const staging = platformStackOutputs('staging');
    const storefront = manifest('canary-storefront.yaml') as CanaryObject;
    expect(storefront.spec.service.gateways).toContain(PLATFORM_CONTRACT.gateway);
    expect(storefront.spec.service.hosts).toContain(`storefront.${staging.gatewayHost}`);
    expect((manifest('metrictemplate-checkout-error-rate.yaml') as KubeObject & { spec: { provider: { address: string } } }).spec.provider.address).toBe(staging.prometheusUrl);
    for (const hook of storefront.spec.analysis.webhooks ?? []) expect(hook.url.startsWith(staging.loadTesterUrl)).toBe(true);
  });

  it('keeps the platform kubeconfig (a secret output) out of every file', () => {
    const plan = readFileSync(join(out, 'plan.json'), 'utf8');
    const provider = (JSON.parse(plan) as { resources: { type: string; inputs: Record<string, unknown> }[] }).resources.find((r) => r.type === 'pulumi:providers:kubernetes');
    expect(provider?.inputs.kubeconfig).toBe('[secret]');
    expect(plan).not.toContain(platformStackOutputs('staging').endpoint);
  });

  it('exports what the team stack exports: its namespace, services and public URL', () => {
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { outputs: Record<string, unknown> };
    expect(plan.outputs).toEqual({ namespace: 'shop', services: ['shop/storefront', 'shop/checkout'], urls: ['https://storefront.staging.canary.example.com'] });
  });
});

describe('the offline stand-in of a StackReference', () => {
  it('gives a platform stack every output stacks/platform/index.ts exports, kubeconfig secret', () => {
    const exported = [...readFileSync(join(ROOT, 'stacks', 'platform', 'index.ts'), 'utf8').matchAll(/^export const (\w+) =/gm)].map((m) => m[1]).sort();
    const { id, state } = standInResource({ type: 'pulumi:pulumi:StackReference', name: 'organization/canary-platform/prod', inputs: { name: 'organization/canary-platform/prod' } }, { gcpProject: 'p', gcpRegion: 'r' });
    expect(id).toBe('organization/canary-platform/prod');
    expect(Object.keys(state.outputs as object).sort()).toEqual(exported);
    expect(state.secretOutputNames).toEqual(PLATFORM_SECRET_OUTPUTS);
    expect(state.outputs).toEqual(platformStackOutputs('prod'));
  });

  it('is deterministic and follows the referenced stack name', () => {
    expect(platformStackOutputs('staging')).toEqual(platformStackOutputs('staging'));
    expect(platformStackOutputs('prod').gatewayHost).toBe('prod.canary.example.com');
    expect(platformStackOutputs('staging').clusterName).toBe('canary-staging');
  });

  it('reads no outputs for a stack that is not a canary-platform stack (the program names what it misses)', () => {
    const { state } = standInResource({ type: 'pulumi:pulumi:StackReference', name: 'acme/network/prod', inputs: { name: 'acme/network/prod' } }, { gcpProject: 'p', gcpRegion: 'r' });
    expect(state).toEqual({ name: 'acme/network/prod', outputs: {}, secretOutputNames: [] });
  });
});
