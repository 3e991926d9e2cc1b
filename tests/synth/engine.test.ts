import * as pulumi from '@pulumi/pulumi';
import * as rpc from '@pulumi/pulumi/runtime/rpc';
import { formatProblem, isValidationError, ValidationError, type Problem } from '../../packages/shared';
import { runProgramOffline, type ProgramRun } from '../../tools/offline/engine';
import { PULUMI_RUNTIME_MODULES as runtime, PULUMI_SERIALIZING_PREFIX, withoutPulumiErrorPrefix } from '../../tools/offline/pulumi-internals';
import { Masker, WIRE } from '../../tools/offline/wire-values';

const base = { project: 'demo', stack: 'test' } as const;

/** A concrete custom resource of any type (CustomResource is abstract in the typings). */
class TestResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

class TestProvider extends pulumi.ProviderResource {
  constructor(name: string) {
    super('demo', name, {});
  }
}

// Errors raised inside apply() surface as unhandled rejections, which jest claims for itself; the CLI tests
// (cli-e2e.test.ts) prove those paths in a child process.

function find(run: ProgramRun, name: string) {
  const r = run.registrations.find((x) => x.name === name);
  if (!r) throw new Error(`no registration named ${name}`);
  return r;
}

async function problemsOf(p: Promise<unknown>): Promise<{ title: string; lines: string[] }> {
  try {
    await p;
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return { title: err.message.split('\n')[0], lines: err.problems.map(formatProblem) };
  }
  throw new Error('expected a ValidationError');
}

describe('Pulumi internals the engine relies on (pinned SDK)', () => {
  it('wire signatures match @pulumi/pulumi/runtime/rpc', () => {
    expect(WIRE).toEqual({
      sigKey: rpc.specialSigKey,
      secret: rpc.specialSecretSig,
      resource: rpc.specialResourceSig,
      asset: rpc.specialAssetSig,
      archive: rpc.specialArchiveSig,
      outputValue: rpc.specialOutputValueSig,
      unknown: rpc.unknownValue,
    });
  });

  it('runtime state, settings, stack, rpc and mocks helpers exist', () => {
    expect(typeof runtime.state().withLocalStorage).toBe('function');
    expect(typeof runtime.state().getStore).toBe('function');
    expect(typeof runtime.settings().setMockOptions).toBe('function');
    expect(typeof runtime.settings().waitForRPCs).toBe('function');
    expect(typeof runtime.stack().runInPulumiStack).toBe('function');
    expect(runtime.stack().rootPulumiStackTypeName).toBe('pulumi:pulumi:Stack');
    expect(typeof runtime.rpc().deserializeProperty).toBe('function');
    for (const method of ['registerResource', 'readResource', 'registerResourceOutputs', 'invoke'] as const) {
      expect(typeof runtime.mocks().MockMonitor.prototype[method]).toBe('function');
    }
  });

  it("strips the prefix Pulumi puts before an error raised while resolving an input, and nothing else", () => {
    expect(withoutPulumiErrorPrefix('error serializing property "values": podinfo: port (70000) must be 1-65535')).toBe('podinfo: port (70000) must be 1-65535');
    expect(withoutPulumiErrorPrefix('podinfo: error serializing property "x": y')).toBe('podinfo: error serializing property "x": y');
    expect(PULUMI_SERIALIZING_PREFIX.test('error serializing property "a.b": c')).toBe(true);
  });
});

describe('runProgramOffline', () => {
  it('records type, name, parent, dependencies (explicit and implicit), protect and provider', async () => {
    const run = await runProgramOffline({
      ...base,
      program: () => {
        const parent = new pulumi.ComponentResource('demo:area:Group', 'group', {});
        const db = new TestResource('demo:index:Database', 'db', { size: 10 }, { parent, protect: true });
        const bucket = new TestResource('demo:index:Bucket', 'bucket', {});
        const provider = new TestProvider('prov');
        new TestResource('demo:index:App', 'app', { database: db.id }, { parent, dependsOn: [bucket], provider });
      },
    });
    const app = find(run, 'app');
    expect(app.type).toBe('demo:index:App');
    expect(app.parent).toBe(find(run, 'group').urn);
    expect(app.dependencies).toEqual([find(run, 'bucket').urn, find(run, 'db').urn].sort());
    expect(app.provider).toBe(find(run, 'prov').urn);
    expect(app.protect).toBe(false);
    expect(find(run, 'db').protect).toBe(true);
    expect(find(run, 'group').custom).toBe(false);
    expect(run.stackUrn).toBe('urn:pulumi:test::demo::pulumi:pulumi:Stack::demo-test');
    expect(run.registrations.map((r) => r.urn)).toEqual([...run.registrations.map((r) => r.urn)].sort());
  });

  it('waits for resources registered inside apply() chains and for stack outputs', async () => {
    const run = await runProgramOffline({
      ...base,
      program: () => {
        const first = new TestResource('demo:index:Thing', 'first', {});
        const second = first.id.apply((id: string) => new TestResource('demo:index:Thing', `after-${id}`, { from: id }));
        second.apply((s: TestResource) => s.id.apply((id: string) => new TestResource('demo:index:Thing', `third-${id}`, {})));
        return { firstId: first.id };
      },
    });
    expect(run.registrations.map((r) => r.name).sort()).toEqual(['after-first-id', 'demo-test', 'first', 'third-after-first-id-id']);
    expect(run.stackOutputs).toEqual({ firstId: 'first-id' });
  });

  it('keeps secrets wrapped and knows every secret string, so they can be masked', async () => {
    const run = await runProgramOffline({
      ...base,
      secretValues: ['config-secret-value'],
      program: () => {
        new TestResource('demo:index:Thing', 'thing', { password: pulumi.secret('hunter2-hunter2'), plain: 'visible', nested: { token: pulumi.secret('token-123456') } });
        return { out: pulumi.secret('output-secret') };
      },
    });
    expect([...run.secretStrings].sort()).toEqual(['config-secret-value', 'hunter2-hunter2', 'output-secret', 'token-123456']);
    const masker = new Masker(run.secretStrings);
    expect(masker.value(find(run, 'thing').wireInputs)).toEqual({ nested: { token: '[secret]' }, password: '[secret]', plain: 'visible' });
    expect(masker.value(run.stackOutputs)).toEqual({ out: '[secret]' });
  });

  it('hands the program its config (plain and secret) and its project and stack names', async () => {
    let seen: Record<string, unknown> = {};
    await runProgramOffline({
      project: 'demo',
      stack: 'qa',
      config: { 'demo:domain': 'a.example.com', 'demo:password': 'placeholder-123' },
      secretKeys: ['demo:password'],
      program: () => {
        const cfg = new pulumi.Config();
        seen = { all: pulumi.runtime.allConfig(), domain: cfg.require('domain'), project: pulumi.getProject(), stack: pulumi.getStack() };
        const password = cfg.requireSecret('password');
        new TestResource('demo:index:Thing', 'thing', { password });
      },
    });
    expect(seen).toEqual({ all: { 'demo:domain': 'a.example.com', 'demo:password': 'placeholder-123' }, domain: 'a.example.com', project: 'demo', stack: 'qa' });
  });

  it('isolates runs in one process: each sees only its own stack, config and resources', async () => {
    const program = () => {
      new TestResource('demo:index:Thing', new pulumi.Config().require('name'), {});
    };
    const [a, b] = await Promise.all([
      runProgramOffline({ ...base, stack: 'a', config: { 'demo:name': 'alpha' }, program }),
      runProgramOffline({ ...base, stack: 'b', config: { 'demo:name': 'beta' }, program }),
    ]);
    expect(a.registrations.map((r) => r.urn)).toEqual(['urn:pulumi:a::demo::pulumi:pulumi:Stack$demo:index:Thing::alpha', 'urn:pulumi:a::demo::pulumi:pulumi:Stack::demo-a']);
    expect(b.registrations.map((r) => r.urn)).toEqual(['urn:pulumi:b::demo::pulumi:pulumi:Stack$demo:index:Thing::beta', 'urn:pulumi:b::demo::pulumi:pulumi:Stack::demo-b']);
  });

  it('answers invokes with stand-ins and records the ones it cannot answer', async () => {
    let zones: unknown;
    const run = await runProgramOffline({
      ...base,
      config: { 'gcp:project': 'acme-prod', 'gcp:region': 'europe-west4' },
      program: async () => {
        zones = (await pulumi.runtime.invoke('gcp:compute/getZones:getZones', {})).names;
        await pulumi.runtime.invoke('demo:index:lookup', { key: 'x' });
      },
    });
    expect(zones).toEqual(['europe-west4-a', 'europe-west4-b', 'europe-west4-c']);
    expect(run.invokes.map((i) => [i.token, i.answered])).toEqual([
      ['demo:index:lookup', false],
      ['gcp:compute/getZones:getZones', true],
    ]);
  });

  it('collects warnings the program logs', async () => {
    const run = await runProgramOffline({ ...base, program: () => void pulumi.log.warn('chart X is deprecated') });
    expect(run.logs).toEqual([{ severity: 'warning', message: 'chart X is deprecated', urn: undefined }]);
  });
});

describe('runProgramOffline failures', () => {
  const problems: Problem[] = [
    { subject: 'Pulumi.test.yaml', path: 'demo:colour', message: 'is not a known key' },
    { subject: 'Pulumi.test.yaml', path: 'demo:replicas', message: '("three") must be a whole number' },
  ];

  it('surfaces a ValidationError thrown while the program loads, with every problem', async () => {
    const failure = problemsOf(
      runProgramOffline({
        ...base,
        program: () => {
          throw new ValidationError('Invalid stack configuration in Pulumi.test.yaml', problems);
        },
      }),
    );
    await expect(failure).resolves.toEqual({
      title: 'Invalid stack configuration in Pulumi.test.yaml',
      lines: ['Pulumi.test.yaml: demo:colour is not a known key', 'Pulumi.test.yaml: demo:replicas ("three") must be a whole number'],
    });
  });

  it('turns a RunError into a problem naming the program', async () => {
    const failure = problemsOf(
      runProgramOffline({
        ...base,
        program: () => {
          throw new pulumi.RunError('the cluster needs at least one node pool');
        },
      }),
    );
    await expect(failure).resolves.toEqual({ title: 'The Pulumi program failed offline', lines: ['program: the cluster needs at least one node pool'] });
  });

  it('turns a logged error into a problem', async () => {
    const failure = problemsOf(runProgramOffline({ ...base, program: () => void pulumi.log.error('quota exceeded') }));
    await expect(failure).resolves.toEqual({ title: 'The Pulumi program failed offline', lines: ['program: quota exceeded'] });
  });

  it('reports a URN registered twice', async () => {
    const failure = problemsOf(
      runProgramOffline({
        ...base,
        program: () => {
          new TestResource('demo:index:Thing', 'twin', {});
          new TestResource('demo:index:Thing', 'twin', {});
        },
      }),
    );
    await expect(failure).resolves.toEqual({
      title: 'The Pulumi program failed offline',
      lines: ['urn:pulumi:test::demo::pulumi:pulumi:Stack$demo:index:Thing::twin: is registered twice; resource names must be unique per type and parent'],
    });
  });

  it('rethrows an unexpected error (a bug) unchanged, so the CLI can print its stack', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'length')");
    await expect(
      runProgramOffline({
        ...base,
        program: () => {
          throw bug;
        },
      }),
    ).rejects.toBe(bug);
  });
});
