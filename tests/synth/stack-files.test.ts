import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidationError, formatProblem, type ValidationError } from '../../packages/shared';
import { listStacks, readProject, readStackConfig, secretPlaceholder } from '../../tools/offline/stack-files';
import { MINI_DIR, tempDir } from './helpers';

function project(files: Record<string, string>): string {
  const dir = tempDir('stack-files-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The problems of the ValidationError `fn` throws, formatted as the CLI prints them. */
function problemsOf(fn: () => unknown): { title: string; lines: string[] } {
  try {
    fn();
  } catch (err) {
    if (!isValidationError(err)) throw err;
    const e = err as ValidationError;
    return { title: e.message.split('\n')[0], lines: e.problems.map(formatProblem) };
  }
  throw new Error('expected a ValidationError');
}

const PULUMI_YAML = 'name: demo\nruntime: nodejs\nmain: stacks/platform/\nconfig:\n  pulumi:tags:\n    value:\n      team: platform\n  replicas:\n    default: 2\n  demo:region: { value: europe-west4 }\n';

describe('readProject', () => {
  it('reads name, main and project-level config defaults, leaving out pulumi: engine settings', () => {
    const p = readProject(project({ 'Pulumi.yaml': PULUMI_YAML }));
    expect(p.name).toBe('demo');
    expect(p.main).toBe('stacks/platform/');
    expect(p.config).toEqual({ 'demo:replicas': 2, 'demo:region': 'europe-west4' });
  });

  it('names the folder when Pulumi.yaml is missing', () => {
    const dir = tempDir();
    expect(problemsOf(() => readProject(dir)).lines).toEqual([`Pulumi.yaml: no Pulumi project in ${dir} (Pulumi.yaml is missing)`]);
  });

  it('requires a project name', () => {
    expect(problemsOf(() => readProject(project({ 'Pulumi.yaml': 'runtime: nodejs\n' }))).lines).toEqual(['Pulumi.yaml: name is required (the project name)']);
  });
});

describe('readStackConfig', () => {
  const stackYaml = [
    'config:',
    '  demo:domain: canary.example.com',
    '  demo:replicas: 3',
    '  demo:debug: true',
    '  demo:cluster:',
    '    zones: [europe-west4-a, europe-west4-b]',
    '  demo:alerts:',
    '    slack:',
    '      secure: AAABAGZha2U=',
    '    channel: "#ops"',
    '  demo:password:',
    '    secure: AAABAHBhc3M=',
    '',
  ].join('\n');

  it('converts config the way the Pulumi CLI hands it to programs', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': stackYaml });
    const cfg = readStackConfig(readProject(dir), 'prod');
    expect(cfg.file).toBe('Pulumi.prod.yaml');
    expect(cfg.config).toEqual({
      'demo:alerts': JSON.stringify({ slack: secretPlaceholder('demo:alerts', '.slack'), channel: '#ops' }),
      'demo:cluster': '{"zones":["europe-west4-a","europe-west4-b"]}',
      'demo:debug': 'true',
      'demo:domain': 'canary.example.com',
      'demo:password': secretPlaceholder('demo:password', ''),
      'demo:region': 'europe-west4',
      'demo:replicas': '3',
    });
  });

  it('marks keys holding secure: values as secret and lists their placeholders', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': stackYaml });
    const cfg = readStackConfig(readProject(dir), 'prod');
    expect(cfg.secretKeys).toEqual(['demo:alerts', 'demo:password']);
    expect(cfg.secretValues).toEqual([secretPlaceholder('demo:alerts', '.slack'), secretPlaceholder('demo:password', '')]);
  });

  it('uses deterministic placeholders that are https URLs (they pass URL validation) and never the ciphertext', () => {
    expect(secretPlaceholder('demo:password', '')).toBe(secretPlaceholder('demo:password', ''));
    expect(secretPlaceholder('demo:password', '')).toMatch(/^https:\/\/offline-secret\.invalid\/[0-9a-f]{12}$/);
    expect(secretPlaceholder('demo:a', '')).not.toBe(secretPlaceholder('demo:b', ''));
  });

  it('rejects an unknown stack and lists the stacks that exist', () => {
    const { title, lines } = problemsOf(() => readStackConfig(readProject(MINI_DIR), 'qa'));
    expect(title).toBe('Unknown stack "qa"');
    expect(lines).toEqual([expect.stringMatching(/^Pulumi\.qa\.yaml: does not exist in .*fixtures\/mini; existing stacks: dev, staging$/)]);
    expect(listStacks(MINI_DIR)).toEqual(['dev', 'staging']);
  });

  it('says so when a project has no stacks at all', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines[0]).toMatch(/there are no Pulumi\.<stack>\.yaml files$/);
  });

  it('rejects invalid YAML with the line and column', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'config:\n  demo:domain: [unclosed\n  demo:x: 1\n' });
    const { title, lines } = problemsOf(() => readStackConfig(readProject(dir), 'prod'));
    expect(title).toBe('Invalid YAML in Pulumi.prod.yaml');
    expect(lines).toEqual(['Pulumi.prod.yaml:3:3: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });

  it('rejects duplicate keys', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'config:\n  demo:domain: a.example.com\n  demo:domain: b.example.com\n' });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines).toEqual(['Pulumi.prod.yaml:3:3: is not valid YAML: Map keys must be unique']);
  });

  it('rejects a config: that is not a mapping', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'config:\n  - demo:domain\n' });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines).toEqual([
      'Pulumi.prod.yaml: config must be a mapping of "namespace:key: value" entries, not a list',
    ]);
  });

  it('rejects a stack file that is not a mapping', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'just text\n' });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines).toEqual(['Pulumi.prod.yaml: must be a mapping with a config: section']);
  });

  it('rejects keys without a namespace and shows the namespaced form', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'config:\n  domain: a.example.com\n' });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines).toEqual([
      'Pulumi.prod.yaml: config.domain is not a namespaced key; write it as "demo:domain" (or "<provider>:domain")',
    ]);
  });

  it('rejects an empty secure: value', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': 'config:\n  demo:password:\n    secure: ""\n' });
    expect(problemsOf(() => readStackConfig(readProject(dir), 'prod')).lines).toEqual(['Pulumi.prod.yaml: config.demo:password.secure must be the encrypted string Pulumi wrote']);
  });

  it('rejects stack names that could escape the folder', () => {
    expect(problemsOf(() => readStackConfig(readProject(MINI_DIR), '../prod')).lines).toEqual(['stack: "../prod" may only contain letters, digits, "-", "_" and "."']);
  });

  it('accepts an empty stack file (no config)', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': '' });
    expect(readStackConfig(readProject(dir), 'prod').config).toEqual({ 'demo:region': 'europe-west4', 'demo:replicas': '2' });
  });
});
