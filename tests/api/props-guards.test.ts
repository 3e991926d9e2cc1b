/**
 * Every public constructor and function that takes props, args, an input, options or a spec rejects `undefined`,
 * `null` and non-objects (a string, a number, an array) with the project's ValidationError naming the receiver
 * (construct path, component name or function) and the field, never with a bare TypeError: plain JavaScript,
 * JSON and YAML callers can pass anything.
 *
 * The first table enumerates the public API as the package root exports it (`canary-platform`, which re-exports
 * every subpath, plus the `argoRollouts` namespace); a last test proves the table and the list of exports that
 * take no object cover every exported function and class, so a new export needs a decision here. The second
 * table holds internal helpers (not exported by the package; imported from their source files) that the CLI and
 * the tools call with parsed input: they keep the same guard.
 */
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import * as api from 'canary-platform';
import * as canary from '../../packages/canary';
import * as argo from '../../packages/canary/engines/argo-rollouts';
import { serviceTimeline } from '../../packages/canary-observability';
import { synthesizeChart } from '../../packages/platform';
import { resourceToObject } from '../../packages/policies/evaluate';
import { countByRule, hasBlockingViolations } from '../../packages/policies/format';
import { formatProblem } from '../../packages/shared';
import { findQueries } from '../../packages/validation';

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
    call: (args) => args.inputs as Record<string, unknown>,
  },
  'props-guards',
  'test',
  false,
);

/** A bad value and how messages describe it. */
interface BadValue {
  readonly label: string;
  readonly value: unknown;
  readonly got: string;
}

const UNDEFINED: BadValue = { label: 'undefined', value: undefined, got: 'undefined' };
const NULL: BadValue = { label: 'null', value: null, got: 'null' };
const STRING: BadValue = { label: 'a string', value: 'podinfo', got: 'a string ("podinfo")' };
const NUMBER: BadValue = { label: 'a number', value: 42, got: 'a number (42)' };
const ARRAY: BadValue = { label: 'an array', value: [{ image: 'nginx:1.27.3' }], got: 'an array' };
const OBJECT: BadValue = { label: 'an object', value: { image: 'nginx:1.27.3' }, got: 'an object' };

/** What a props, args, input, options or spec parameter must not be. */
const NOT_OBJECTS = [UNDEFINED, NULL, STRING, NUMBER, ARRAY];
/** The same, for a parameter with a default: `undefined` means "use the default". */
const NOT_OBJECTS_OPTIONAL = [NULL, STRING, NUMBER, ARRAY];
/** What a list parameter must not be. */
const NOT_ARRAYS = [UNDEFINED, NULL, STRING, NUMBER, OBJECT];

/** One guarded parameter of the public API. */
interface Guarded {
  /** The export, as called (`argoRollouts.renderArgoRollouts` for the namespace; `internal.<function>` for a helper). */
  readonly name: string;
  /** Calls it with `value` in the guarded parameter (every other argument valid). */
  readonly call: (value: unknown) => unknown;
  /** The error's first line. */
  readonly title: string;
  /** The problem's subject: construct id, component name or function name. */
  readonly subject: string;
  /** The parameter, as the problem names it. */
  readonly field: string;
  /** What the parameter must be. @default 'an object' */
  readonly rule?: string;
  /** The values to reject. @default NOT_OBJECTS */
  readonly bad?: readonly BadValue[];
}

// `new App()` creates no folder (Testing.app() makes one in the temp directory per call); nothing is synthesised.
const chart = (): Chart => new Chart(new App(), 'c');
const spec = (): api.ResolvedCanaryService => api.validateCanaryServiceProps('podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898 });
const names = argo.argoRolloutsNames('podinfo');

/** A Pulumi component `name` called with `value` as its args. */
function component(kind: string, create: (name: string, args: never) => unknown): Guarded {
  return { name: kind, call: (value) => create('x', value as never), title: `${kind} x: invalid arguments`, subject: 'x', field: 'args' };
}

/** A function without a name of its own to report: title `<fn>: invalid arguments`, subject the function. */
function fn(name: string, field: string, call: (value: never) => unknown, options: Pick<Guarded, 'rule' | 'bad'> = {}): Guarded {
  const bare = name.replace(/^(argoRollouts|internal)\./, '');
  return { name, call: (value) => call(value as never), title: `${bare}: invalid arguments`, subject: bare, field, ...options };
}

const GUARDED: readonly Guarded[] = [
  // cdk8s constructs: titled with the construct path, the problem under the construct id.
  { name: 'CanaryService', call: (v) => new api.CanaryService(chart(), 'x', v as never), title: 'CanaryService at c/x has 1 problem', subject: 'x', field: 'props' },
  { name: 'ServiceObservability', call: (v) => new api.ServiceObservability(chart(), 'x', v as never), title: 'ServiceObservability at c/x has 1 problem', subject: 'x', field: 'input' },
  {
    name: 'PlatformObservability',
    call: (v) => new api.PlatformObservability(chart(), 'x', v as never),
    title: 'PlatformObservability at c/x has 1 problem',
    subject: 'x',
    field: 'input',
    bad: NOT_OBJECTS_OPTIONAL,
  },
  // Pulumi components: `<Kind> <name>: invalid arguments`, as their other validation problems.
  component('GkeCluster', (n, a) => new api.GkeCluster(n, a)),
  component('Istio', (n, a) => new api.Istio(n, a)),
  component('Observability', (n, a) => new api.Observability(n, a)),
  component('Flagger', (n, a) => new api.Flagger(n, a)),
  component('CanaryJudge', (n, a) => new api.CanaryJudge(n, a)),
  component('ArgoRolloutsController', (n, a) => new api.ArgoRolloutsController(n, a)),
  component('Platform', (n, a) => new api.Platform(n, a)),
  component('CanaryWorkloads', (n, a) => new api.CanaryWorkloads(n, a)),
  // The CanaryService boundary keeps its own title; the service name is the subject.
  { name: 'validateCanaryServiceProps', call: (v) => api.validateCanaryServiceProps('x', v), title: 'CanaryService "x" has 1 problem', subject: 'x', field: 'props' },
  // Functions.
  fn('renderCanaryService', 'props', (v) => api.renderCanaryService(v)),
  fn('renderServiceObservability', 'input', (v) => api.renderServiceObservability(v)),
  fn('renderPlatformObservability', 'input', (v) => api.renderPlatformObservability(v), { bad: NOT_OBJECTS_OPTIONAL }),
  fn('observabilityInputFromCanary', 'spec', (v) => api.observabilityInputFromCanary(v)),
  {
    name: 'deployCanaryChart',
    call: (v) => api.deployCanaryChart('x', v as never, { provider: undefined as never }),
    title: 'deployCanaryChart x: invalid arguments',
    subject: 'x',
    field: 'chart',
    rule: 'a cdk8s Chart',
    bad: [...NOT_OBJECTS, OBJECT],
  },
  { name: 'deployCanaryChart', call: (v) => api.deployCanaryChart('x', chart(), v as never), title: 'deployCanaryChart x: invalid arguments', subject: 'x', field: 'options' },
  fn('validateObjects', 'objects', (v) => api.validateObjects(v), { rule: 'an array', bad: NOT_ARRAYS }),
  fn('validateQueriesIn', 'objects', (v) => api.validateQueriesIn(v), { rule: 'an array', bad: NOT_ARRAYS }),
  // Policies.
  fn('evaluatePolicies', 'input', (v) => api.evaluatePolicies(v)),
  fn('formatViolation', 'violation', (v) => api.formatViolation(v)),
  fn('formatWaiver', 'waiver', (v) => api.formatWaiver(v)),
  fn('argoRollouts.renderArgoRollouts', 'spec', (v) => api.argoRollouts.renderArgoRollouts(v)),
];

/** Internal helpers with the same guard (named `internal.<function>`; the title and subject are the function). */
const INTERNAL_GUARDED: readonly Guarded[] = [
  fn('internal.serviceTimeline', 'spec', (v) => serviceTimeline(v)),
  fn('internal.releaseTimeline', 'spec', (v) => canary.releaseTimeline(v)),
  fn('internal.promotionSeconds', 'spec', (v) => canary.promotionSeconds(v)),
  fn('internal.worstCaseRollbackSeconds', 'spec', (v) => canary.worstCaseRollbackSeconds(v)),
  fn('internal.analysisQueries', 'spec', (v) => canary.analysisQueries(v)),
  fn('internal.scheduleWeights', 'strategy', (v) => canary.scheduleWeights(v)),
  fn('internal.requestSuccessRateQuery', 'selector', (v) => canary.requestSuccessRateQuery(v)),
  fn('internal.errorRateQuery', 'selector', (v) => canary.errorRateQuery(v)),
  fn('internal.latencyQuantileQuery', 'selector', (v) => canary.latencyQuantileQuery(v, 0.99)),
  fn('internal.p95LatencyQuery', 'selector', (v) => canary.p95LatencyQuery(v)),
  fn('internal.relativeLatencyQuery', 'canary', (v) => canary.relativeLatencyQuery(v, 'podinfo-primary')),
  fn('internal.businessMetricQuery', 'values', (v) => canary.businessMetricQuery('up', v)),
  fn('internal.synthesizeChart', 'chart', (v) => synthesizeChart(v), { rule: 'a cdk8s Chart', bad: [...NOT_OBJECTS, OBJECT] }),
  fn('internal.resourceToObject', 'resource', (v) => resourceToObject(v)),
  fn('internal.hasBlockingViolations', 'result', (v) => hasBlockingViolations(v)),
  fn('internal.countByRule', 'violations', (v) => countByRule(v), { rule: 'an array', bad: NOT_ARRAYS }),
  fn('internal.findQueries', 'objects', (v) => findQueries(v), { rule: 'an array', bad: NOT_ARRAYS }),
  fn('internal.argoRolloutsParityProblems', 'spec', (v) => argo.argoRolloutsParityProblems(v)),
  fn('internal.unsupportedByArgoRollouts', 'input', (v) => argo.unsupportedByArgoRollouts(v)),
  fn('internal.canarySteps', 'spec', (v) => argo.canarySteps(v, names)),
  fn('internal.canarySteps', 'names', (v) => argo.canarySteps(spec(), v)),
  fn('internal.revisionSelectors', 'spec', (v) => argo.revisionSelectors(v, 'podinfo', '1m')),
  fn('internal.loadTestCommand', 'spec', (v) => argo.loadTestCommand(v, names)),
  fn('internal.rolloutPodTemplate', 'spec', (v) => argo.rolloutPodTemplate(v)),
  fn('internal.routingHosts', 'spec', (v) => argo.routingHosts(v, names)),
  fn('internal.usesTrafficRouting', 'spec', (v) => argo.usesTrafficRouting(v)),
  fn('internal.headerRouteMatch', 'rule', (v) => argo.headerRouteMatch(v)),
  fn('internal.successCondition', 'range', (v) => argo.successCondition(v)),
  fn('internal.notificationAnnotations', 'subscriptions', (v) => argo.notificationAnnotations(v), { rule: 'an array', bad: NOT_ARRAYS }),
];

/**
 * Exports that take no props-like object, and why: value arguments (names, strings, numbers, Durations), type
 * guards and formatters over any value, parameterless builders.
 */
const NO_OBJECT_PARAMETER: Readonly<Record<string, string>> = {
  Duration: 'a value type built from numbers and strings (Duration.seconds(30), Duration.parse("30s"))',
  ValidationError: 'the error type itself',
  isValidationError: 'a type guard over any value',
  validateObject: 'a validator of arbitrary YAML documents: a non-object is reported as a Problem (tested below)',
  validatePromQL: 'takes a query string',
};

/** Policy exports without an object parameter: `canaryPlatformPolicies` takes none; `findRule` takes a rule id. */
const POLICY_EXPORTS = ['canaryPlatformPolicies', 'findRule'];

/** Calls `call` and returns what it threw (failing when it returns). */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (err) {
    return err;
  }
  throw new Error('expected a ValidationError, but the call returned');
}

describe.each([...GUARDED, ...INTERNAL_GUARDED].map((g) => [`${g.name} (${g.field})`, g] as const))('%s', (_label, g) => {
  it.each((g.bad ?? NOT_OBJECTS).map((b) => [b.label, b] as const))('rejects %s with a ValidationError naming the receiver and the field', (_l, bad) => {
    const err = thrownBy(() => g.call(bad.value));
    expect(err).toBeInstanceOf(api.ValidationError);
    const problem = `${g.subject}: ${g.field} must be ${g.rule ?? 'an object'} (got ${bad.got})`;
    expect((err as Error).message).toBe(`${g.title}\n  - ${problem}`);
    expect((err as api.ValidationError).problems.map(formatProblem)).toEqual([problem]);
  });
});

describe('parameters with a default', () => {
  it('accept undefined as "use the default" (PlatformObservability, renderPlatformObservability)', () => {
    expect(new api.PlatformObservability(chart(), 'x', undefined).objects.length).toBeGreaterThan(0);
    expect(api.renderPlatformObservability(undefined).length).toBeGreaterThan(0);
  });

  it('renderCanaryService rejects options that are not an object, and props without a name to identify the service', () => {
    const props = { name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898 };
    expect(api.renderCanaryService(props, undefined).length).toBeGreaterThan(0);
    expect((thrownBy(() => api.renderCanaryService(props, null as never)) as Error).message).toBe(
      'renderCanaryService: invalid arguments\n  - renderCanaryService: options must be an object (got null)',
    );
    expect((thrownBy(() => api.renderCanaryService({ image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898 } as never)) as Error).message).toBe(
      'renderCanaryService: invalid arguments\n  - renderCanaryService: props.name is required: without a construct id, the name identifies the service',
    );
  });
});

describe('required sections inside args', () => {
  it('Platform names each section that is not an object before creating anything', () => {
    expect((thrownBy(() => new api.Platform('x', { flagger: 'fast' } as never)) as Error).message).toBe(
      [
        'Platform x: invalid arguments',
        '  - x: cluster must be an object (got undefined)',
        '  - x: istio must be an object (got undefined)',
        '  - x: flagger must be an object (got a string ("fast"))',
      ].join('\n'),
    );
  });

  it('CanaryWorkloads names its services list, its platform and its construct class', () => {
    expect((thrownBy(() => new api.CanaryWorkloads('x', { services: {} } as never)) as Error).message).toBe(
      [
        'CanaryWorkloads x: invalid arguments',
        '  - x: services must be an array (got an object)',
        '  - x: platform must be an object (got undefined)',
        '  - x: canaryService must be the CanaryService class (got undefined)',
      ].join('\n'),
    );
  });

  it('Istio names a missing ingress', () => {
    expect((thrownBy(() => new api.Istio('x', {} as never)) as Error).message).toBe('Istio x: invalid arguments\n  - x: ingress must be an object (got undefined)');
  });

  it('CanaryService still reports problems of an object under the props name, titled with the construct path', () => {
    expect((thrownBy(() => new api.CanaryService(chart(), 'x', { name: 'shop', port: 9898 } as never)) as Error).message).toMatch(/^CanaryService at c\/x has 1 problem\n {2}- shop: image /);
  });
});

describe('validateObject', () => {
  it('reports a non-object as a problem (it checks arbitrary YAML documents), without throwing', () => {
    for (const bad of NOT_OBJECTS) {
      expect(api.validateObject(bad.value as never, 'doc').map(formatProblem)).toEqual(['doc: is not a Kubernetes object (expected a mapping)']);
    }
  });
});

describe('coverage of the public API', () => {
  it('decides for every exported function and class: guarded above, takes no object, or a policy export', () => {
    const exported = [
      ...Object.entries(api).filter(([, v]) => typeof v === 'function').map(([k]) => k),
      ...Object.entries(api.argoRollouts).filter(([, v]) => typeof v === 'function').map(([k]) => `argoRollouts.${k}`),
    ].sort();
    const decided = new Set([...GUARDED.map((g) => g.name), ...Object.keys(NO_OBJECT_PARAMETER), ...POLICY_EXPORTS]);
    expect(exported.filter((name) => !decided.has(name))).toEqual([]);
    expect([...decided].filter((name) => !exported.includes(name))).toEqual([]);
  });
});
