/**
 * One harness for both engines: every prop reaches each engine's output (no prop is accepted and then ignored),
 * or is rejected for that engine, or is one the parity table documents as not rendered for it; and rendering is
 * deterministic. The rows are data: WORKLOAD_CASES (both engines) in render-props.cases.ts, each engine's own in
 * its folder.
 */
import { Duration, renderCanaryService, validateCanaryServiceProps, type CanaryServiceProps, type NamedCanaryServiceProps } from '../../../packages/canary';
import { PARITY_TABLE } from '../../../packages/canary/spec';
import type { KubeObject } from '../../../packages/shared';
import { ARGO_ROLLOUTS_CASES } from './argo-rollouts/render-props.cases';
import { FLAGGER_CASES } from './flagger/render-props.cases';
import { BASE, OPTIONAL_PROPS, WORKLOAD_CASES, type EngineCases } from './render-props.cases';

const ENGINES: readonly EngineCases[] = [FLAGGER_CASES, ARGO_ROLLOUTS_CASES];

/** Every leaf path of a resolved spec (durations and empty objects and lists are leaves). */
function leafPaths(value: unknown, path = ''): string[] {
  if (Duration.isDuration(value) || value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([key, v]) => leafPaths(v, path === '' ? key : `${path}.${key}`));
}

/** The Deployment (Flagger) or Rollout (Argo Rollouts): the object holding the pod template. */
function workload(objects: readonly KubeObject[]): Record<string, any> {
  const found = objects.find((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
  if (found === undefined) throw new Error(`no Deployment or Rollout in ${objects.map((o) => o.kind).join(', ')}`);
  return found as Record<string, any>;
}

describe.each(ENGINES)('engine $engine', (cases) => {
  const base: NamedCanaryServiceProps = { ...BASE, engine: cases.engine };
  const render = (props: Partial<CanaryServiceProps>): string => JSON.stringify(renderCanaryService({ ...base, ...props } as NamedCanaryServiceProps));

  describe('every prop reaches the output', () => {
    const defaultOutput = render({});

    it.each([...WORKLOAD_CASES, ...cases.rendered])('%s', (_path, props, fragment) => {
      const output = render(props);
      expect(output).not.toBe(defaultOutput);
      expect(output).toContain(fragment);
    });

    if (cases.rejected.length > 0) {
      it.each(cases.rejected)('%s is rejected for this engine', (_path, props) => {
        expect(() => render(props)).toThrow(`is not supported by engine "${cases.engine}"`);
      });
    }

    if (cases.notRendered.length > 0) {
      it.each(cases.notRendered)('%s is documented as not rendered', (_path, props, row) => {
        expect(render(props)).toBe(render(props.alerts ? { alerts: [cases.alert] } : {}));
        expect(PARITY_TABLE.map((r) => r.feature)).toContain(row);
      });
    }

    it('the rows cover every field of the resolved spec and every optional prop', () => {
      const covered = new Set([...WORKLOAD_CASES, ...cases.rendered, ...cases.rejected, ...cases.notRendered].map(([path]) => path).concat('engine'));
      const fields = [...leafPaths(validateCanaryServiceProps('podinfo', base)), ...OPTIONAL_PROPS];
      expect(fields.filter((path) => !covered.has(path))).toEqual([]);
    });

    it(`engine '${cases.engine}' renders the engine's own ${cases.ownKind}`, () => {
      expect(renderCanaryService(base).map((o) => o.kind)).toContain(cases.ownKind);
      for (const other of ENGINES.filter((e) => e !== cases)) expect(renderCanaryService(base).map((o) => o.kind)).not.toContain(other.ownKind);
    });
  });

  describe('rendering is deterministic', () => {
    const FULL: NamedCanaryServiceProps = { ...base, alerts: [cases.alert], env: { B: 'b', A: 'a' }, labels: { z: '1', a: '2' } };

    it('gives the same bytes for the same input', () => {
      expect(JSON.stringify(renderCanaryService(FULL))).toBe(JSON.stringify(renderCanaryService(FULL)));
    });

    it('gives the same objects from props and from the resolved spec', () => {
      expect(renderCanaryService(validateCanaryServiceProps('podinfo', FULL))).toEqual(renderCanaryService(FULL));
    });

    it('sorts label keys whatever order they were given in, and keeps env in the order given', () => {
      const rendered = workload(renderCanaryService(FULL));
      expect(Object.keys(rendered.metadata.labels)).toEqual(['a', 'app', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'z']);
      expect(rendered.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['B', 'A']);
    });

    it('never shares objects between calls, so callers may change what they get', () => {
      const first = renderCanaryService(FULL) as any[];
      workload(first).spec.template.spec.containers[0].image = 'changed:1';
      first[0].metadata.labels.extra = 'x';
      expect(JSON.stringify(renderCanaryService(FULL))).not.toContain('changed:1');
      expect(JSON.stringify(renderCanaryService(FULL))).not.toContain('"extra"');
    });
  });
});

describe('engine', () => {
  it("is 'flagger' when not given", () => {
    expect(renderCanaryService(BASE)).toEqual(renderCanaryService({ ...BASE, engine: 'flagger' }));
  });
});
