import { CHARTS } from '../../../packages/shared/versions';
import { mergeValues, releaseArgs } from '../../../packages/platform/helm/release';

describe('mergeValues (the valuesOverrides escape hatch)', () => {
  it('merges objects deeply, replaces arrays and scalars, ignores undefined', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3], e: true }, d: undefined, f: null })).toEqual({
      a: { b: 1, c: [3], e: true },
      d: 'x',
      f: null,
    });
  });
  it('returns sorted keys', () => expect(Object.keys(mergeValues({ b: 1, a: 2 }, undefined))).toEqual(['a', 'b']));
});

describe('releaseArgs', () => {
  it('pins the chart and installs atomically', () => {
    expect(releaseArgs(CHARTS.istiod, { name: 'istiod', namespace: 'istio-system', values: { b: 1, a: 2 } })).toEqual({
      name: 'istiod',
      chart: 'istiod',
      version: CHARTS.istiod.version,
      repositoryOpts: { repo: 'https://istio-release.storage.googleapis.com/charts' },
      namespace: 'istio-system',
      createNamespace: false,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: 900,
      values: { a: 2, b: 1 },
    });
  });
});
