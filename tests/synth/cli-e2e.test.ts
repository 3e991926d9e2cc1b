/**
 * The `canary-platform synth` command end to end, in child processes (started together, so they share the
 * cores): the real prod stack - the program `pulumi up` runs - and the failure paths that raise inside
 * apply() (jest claims unhandled rejections for itself, so those can only be proven outside it).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plan } from '../../tools/offline/plan';
import { readProject, readStackConfig } from '../../tools/offline/stack-files';
import { MINI_PROGRAM, miniDevStack, readTree, tempDir } from './helpers';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'canary-platform.js');
const BANNER = 'Offline render of stack "prod": the Pulumi program runs under mocks with stand-in cloud outputs; no cloud API is called.';

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; with `pipeToHead`, as `set -o pipefail; canary-platform ... | head -1` (stdout closed early). */
function cli(args: string[], cwd = REPO, pipeToHead = false): Promise<CliRun> {
  return new Promise((done, fail) => {
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = pipeToHead
      ? spawn('bash', ['-c', `set -o pipefail; ${quoted} | head -1`], { cwd, env: { ...process.env, CI: 'true' } })
      : spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A project folder that runs `program` with one stack file. */
function project(program: string, stack: string, text: string): string {
  const dir = tempDir('synth-e2e-');
  writeFileSync(join(dir, 'Pulumi.yaml'), `name: ${program === MINI_PROGRAM ? 'mini' : 'canary-platform'}\nruntime: nodejs\nmain: ${program}\n`);
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

const prodStack = (): string => readFileSync(join(REPO, 'Pulumi.prod.yaml'), 'utf8').trimEnd();

const SECURE_KEYS = [
  '  canary-platform:slackWebhookUrl:',
  '    secure: AAABAFNsYWNrV2ViaG9vaw==',
  '  canary-platform:rocketChatWebhookUrl:',
  '    secure: AAABAFJvY2tldENoYXQ=',
  '  canary-platform:grafanaAdminPassword:',
  '    secure: AAABAEdyYWZhbmFQYXNz',
  '',
].join('\n');

const outA = join(tempDir(), 'prod');
const outB = join(tempDir(), 'prod');
const secureDir = project(join(REPO, 'stacks', 'platform'), 'prod', `${prodStack()}\n${SECURE_KEYS}`);
const invalidDir = project(MINI_PROGRAM, 'dev', `${miniDevStack()}  mini:invalidInApply: true\n`);
const bugDir = project(MINI_PROGRAM, 'dev', `${miniDevStack()}  mini:bugInApply: true\n`);
const unknownKeyDir = project(join(REPO, 'stacks', 'platform'), 'prod', `${prodStack()}\n  canary-platform:colour: blue\n`);

const badYaml = join(tempDir(), 'bad.yaml');
// Enough findings (about 300 KB of report) that writing them to a closed pipe really fails with EPIPE.
writeFileSync(badYaml, Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\ndata: 5\n`).join('---\n'));

let runs: Record<'first' | 'second' | 'secure' | 'invalid' | 'bug' | 'unknownKey' | 'pipeNoStack' | 'pipeCheck' | 'pipeCheckJson', CliRun>;
let files: Map<string, string>;

beforeAll(async () => {
  const [first, second, secure, invalid, bug, unknownKey, pipeNoStack, pipeCheck, pipeCheckJson] = await Promise.all([
    cli(['synth', '--out', outA]),
    cli(['synth', '--quiet', '--out', outB]),
    cli(['synth', '--quiet', '-C', secureDir, '--out', join(secureDir, 'dist', 'prod')]),
    cli(['synth', '-q', '-C', invalidDir, '-s', 'dev', '--out', join(invalidDir, 'out')]),
    cli(['synth', '-q', '-C', bugDir, '-s', 'dev', '--out', join(bugDir, 'out')]),
    cli(['synth', '-q', '-C', unknownKeyDir, '--out', join(unknownKeyDir, 'out')]),
    cli(['synth', '--stack', 'nosuchstack', '--out', join(tempDir(), 'out')], REPO, true),
    cli(['check', badYaml], REPO, true),
    cli(['check', '--format', 'json', badYaml], REPO, true),
  ]);
  runs = { first, second, secure, invalid, bug, unknownKey, pipeNoStack, pipeCheck, pipeCheckJson };
  files = existsSync(outA) ? readTree(outA) : new Map();
});

describe('canary-platform synth on the prod stack', () => {
  it('exits 0 and says first (on stderr, with all progress; stdout stays empty) that this is an offline render', () => {
    expect({ code: runs.first.code, stdout: runs.first.stdout }).toEqual({ code: 0, stdout: '' });
    expect(runs.first.stderr.split('\n')[0]).toBe(BANNER);
  });

  it('shows each step with its time (one line per step outside a terminal), then the summary table', () => {
    expect(runs.first.stderr).toMatch(/✔ Run the Pulumi program offline \(mocks, no cloud\): \d+ resources registered \[[\d.]+m?s\]/);
    expect(runs.first.stderr).toMatch(/✔ Validate \d+ manifests, \d+ PromQL queries, \d+ checks/);
    expect(runs.first.stderr).toMatch(/Resources by type\n {2}TYPE +COUNT\n/);
    expect(runs.first.stderr).toMatch(/ {2}time taken +[\d.]+ s\n/);
  });

  it('renders the whole platform: plan, manifests with kustomizations, Helm releases, graph', () => {
    const plan = JSON.parse(files.get('plan.json') ?? '{}') as Plan;
    const types = new Set(plan.resources.map((r) => r.type));
    for (const t of ['gcp:container/cluster:Cluster', 'pulumi:providers:kubernetes', 'kubernetes:helm.sh/v3:Release', 'kubernetes:yaml/v2:ConfigGroup']) expect(types).toContain(t);
    expect(plan.summary.helmReleases).toBeGreaterThanOrEqual(5);
    expect(files.has('manifests/kustomization.yaml')).toBe(true);
    expect([...files.keys()].filter((p) => /^manifests\/[^/]+\/kustomization\.yaml$/.test(p)).length).toBeGreaterThanOrEqual(3);
    expect([...files.keys()].some((p) => /^manifests\/[^/]+\/canary-[^/]+\.yaml$/.test(p))).toBe(true);
    expect(files.get('graph.mmd')).toMatch(/^flowchart LR\n/);
  });

  it('keeps the cluster and the Loki bucket protected and the kubeconfig masked in the plan', () => {
    const plan = JSON.parse(files.get('plan.json') ?? '{}') as Plan;
    expect(plan.resources.filter((r) => r.protect).map((r) => r.type)).toEqual(expect.arrayContaining(['gcp:container/cluster:Cluster', 'gcp:storage/bucket:Bucket']));
    expect(plan.outputs.kubeconfig).toBe('[secret]');
  });

  it('writes byte-identical output on a second run', () => {
    expect(runs.second.code).toBe(0);
    expect(readTree(outB)).toEqual(files);
  });

  it('never writes a secure: config value, even where the program passes it on in plain text', () => {
    expect({ code: runs.secure.code, stdout: runs.secure.stdout }).toEqual({ code: 0, stdout: '' });
    const placeholders = readStackConfig(readProject(secureDir), 'prod').secretValues;
    expect(placeholders).toHaveLength(3);
    for (const [path, content] of readTree(join(secureDir, 'dist', 'prod'))) {
      for (const secret of placeholders) expect({ path, leaked: content.includes(secret) }).toEqual({ path, leaked: false });
    }
  });
});

describe('canary-platform synth failures inside the program', () => {
  it('reports a ValidationError raised inside apply() cleanly: exit 1, one line per problem, no stack trace', () => {
    expect(runs.invalid).toMatchObject({ code: 1, stderr: `${BANNER.replace('"prod"', '"dev"')}\nerror: Invalid CanaryService podinfo\n  podinfo: analysis.maxWeight (120) must be 1-100\n` });
    expect(existsSync(join(invalidDir, 'out'))).toBe(false);
  });

  it('reports a bug inside apply() with its stack trace: exit 2, nothing written', () => {
    expect(runs.bug.code).toBe(2);
    expect(runs.bug.stderr).toMatch(/^Offline render .*\nerror: unexpected failure \(a bug; please report it with the trace below\)\nTypeError: .*Cannot read properties of undefined \(reading 'length'\)\n\s+at .*program\.ts/);
    expect(existsSync(join(bugDir, 'out'))).toBe(false);
  });

  it('reports an unknown config key of the real program (raised by stacks/platform/config.ts) with exit 1', () => {
    expect(runs.unknownKey.code).toBe(1);
    expect(runs.unknownKey.stderr).toMatch(/^Offline render .*\n(.*\n)*error: .*\n {2}Pulumi\.prod\.yaml: .*canary-platform:colour.*\n/);
    expect(runs.unknownKey.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(unknownKeyDir, 'out'))).toBe(false);
  });
});

describe('a closed stdout never decides the exit code (set -o pipefail; ... | head -1)', () => {
  it('synth of an unknown stack still exits 1', () => {
    expect(runs.pipeNoStack.code).toBe(1);
    expect(runs.pipeNoStack.stderr).toMatch(/\nerror: Unknown stack "nosuchstack"\n/);
  });

  it('check of a failing file still exits 1 after its first line was read', () => {
    expect(runs.pipeCheck.code).toBe(1);
    expect(runs.pipeCheck.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(runs.pipeCheckJson.code).toBe(1);
    expect(runs.pipeCheckJson.stdout).toBe('{\n');
  });
});
