/**
 * Proves the test adapter over the offline engine's recording monitor (and the Pulumi internals behind it, pinned
 * @pulumi/pulumi) records what tests rely on: parent, dependencies, protect, provider, ignoreChanges and secrets.
 */
import * as pulumi from '@pulumi/pulumi';
import { installRecordingMonitor, isRecordedSecret, markSecrets, plainOccurrences, ResourceGraph } from './recording-monitor';

class Holder extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Holder', name, {}, opts);
    this.registerOutputs({});
  }
}

class Provider extends pulumi.ProviderResource {
  constructor(name: string) {
    super('test', name, {});
  }
}

class Thing extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, args: { value: pulumi.Input<string>; password?: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super('test:index:Thing', name, { ...args }, opts);
  }
}

describe('RecordingMonitor', () => {
  const monitor = installRecordingMonitor();
  let graph: ResourceGraph;

  beforeAll(async () => {
    const holder = new Holder('holder');
    const first = new Thing('first', { value: 'one' }, { parent: holder, protect: true });
    new Thing('second', { value: first.value, password: pulumi.secret('s3cret-value') }, { parent: holder });
    new Thing('third', { value: 'three' }, { dependsOn: [first], ignoreChanges: ['value'] });
    new Thing('fourth', { value: 'four' }, { provider: new Provider('explicit') });
    graph = await monitor.settle();
  });

  it('records every registration, components included', () => {
    expect(graph.resources.map((r) => `${r.type}/${r.name}`).sort()).toEqual([
      'pulumi:providers:test/explicit',
      'test:index:Holder/holder',
      'test:index:Thing/first',
      'test:index:Thing/fourth',
      'test:index:Thing/second',
      'test:index:Thing/third',
    ]);
    expect(graph.one('test:index:Holder', 'holder').custom).toBe(false);
    expect(graph.one('test:index:Thing', 'first').custom).toBe(true);
  });

  it('records the parent', () => {
    const holder = graph.one('test:index:Holder', 'holder');
    expect(graph.parentOf(graph.one('test:index:Thing', 'first'))).toBe(holder);
    expect(graph.isDescendantOf(graph.one('test:index:Thing', 'second'), holder)).toBe(true);
    expect(graph.isDescendantOf(graph.one('test:index:Thing', 'third'), holder)).toBe(false);
  });

  it('records protect', () => {
    expect(graph.one('test:index:Thing', 'first').protect).toBe(true);
    expect(graph.one('test:index:Thing', 'third').protect).toBe(false);
  });

  it('records explicit and implicit dependencies', () => {
    const first = graph.one('test:index:Thing', 'first');
    expect(graph.dependsOn(graph.one('test:index:Thing', 'third'), first)).toBe(true); // dependsOn
    expect(graph.dependsOn(graph.one('test:index:Thing', 'second'), first)).toBe(true); // Output input
    expect(graph.dependsOn(first, graph.one('test:index:Thing', 'third'))).toBe(false);
  });

  it('keeps secrets marked as secret and finds plain leaks', () => {
    const second = graph.one('test:index:Thing', 'second');
    expect(isRecordedSecret(second.inputs.password)).toBe(true);
    expect(plainOccurrences(second.inputs, 's3cret-value')).toEqual([]);
    expect(plainOccurrences({ a: { b: ['x s3cret-value'] } }, 's3cret-value')).toEqual(['a.b[0]']);
  });

  it('records no provider reference for default providers', () => {
    expect(graph.one('test:index:Thing', 'first').provider).toBe('');
  });

  it('records an explicit provider by its URN', () => {
    const provider = graph.one('pulumi:providers:test', 'explicit');
    expect(graph.one('test:index:Thing', 'fourth').provider).toBe(provider.urn);
    expect(graph.providerOf(graph.one('test:index:Thing', 'fourth'))).toBe(provider);
  });

  it('records ignoreChanges', () => {
    expect(graph.one('test:index:Thing', 'third').ignoreChanges).toEqual(['value']);
    expect(graph.one('test:index:Thing', 'first').ignoreChanges).toEqual([]);
  });

  it('names what exists when a lookup fails', () => {
    expect(() => graph.one('test:index:Thing', 'fifth')).toThrow(
      'expected one test:index:Thing named fifth, found 0; test:index:Thing names: first, fourth, second, third',
    );
  });

  it('marks nested secret wrappers', () => {
    const wrapped = { a: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 'x' } };
    expect(markSecrets(wrapped)).toEqual({ a: { secret: true, value: 'x' } });
  });
});
