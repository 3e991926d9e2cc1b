import { CHARTS, ISTIO_VERSION, IMAGES } from '../../packages/shared/versions';

describe('versions.ts', () => {
  it('pins every chart to an exact version', () => {
    for (const [key, chart] of Object.entries(CHARTS)) {
      expect(`${key} ${chart.version}`).toMatch(/ \d+\.\d+\.\d+$/);
      expect(chart.repo).toMatch(/^https:\/\//);
    }
  });
  it('moves the four Istio charts together', () => {
    expect([CHARTS.istioBase, CHARTS.istioCni, CHARTS.istiod, CHARTS.istioGateway].map((c) => c.version)).toEqual(Array(4).fill(ISTIO_VERSION));
  });
  it('matches the Flagger image to the chart and the vendored CRD (1.44.0)', () => {
    expect(CHARTS.flagger.version).toBe('1.44.0');
    expect(IMAGES.flagger.tag).toBe(CHARTS.flagger.appVersion);
    expect(IMAGES.flaggerLoadTester.tag).toBe(CHARTS.flaggerLoadTester.appVersion);
  });
  it('pins no image to latest', () => {
    for (const image of Object.values(IMAGES)) expect(image.tag).not.toBe('latest');
  });
});
