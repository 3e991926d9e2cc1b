import { PLATFORM_CONTRACT } from '../shared';
import { IMAGES } from '../versions';
import { flaggerValues, loadTesterValues, validateFlaggerSettings } from './values';

describe('Flagger values', () => {
  it('uses Istio and the Prometheus it is given (snapshot)', () => {
    const values = flaggerValues({ clusterName: 'canary-prod' }, 'http://prom.monitoring:9090');
    expect(values).toMatchObject({ meshProvider: 'istio', metricsServer: 'http://prom.monitoring:9090', clusterName: 'canary-prod' });
    expect(values).toMatchSnapshot();
  });

  it('pins the images from versions.ts', () => {
    expect(flaggerValues({}, 'x')).toMatchObject({ image: IMAGES.flagger });
    expect(loadTesterValues({})).toMatchObject({ image: IMAGES.flaggerLoadTester });
  });

  it('runs one Flagger without leader election or PDB', () => {
    expect(flaggerValues({ replicas: 1 }, 'x')).toMatchObject({ leaderElection: { enabled: false }, podDisruptionBudget: { enabled: false } });
  });

  it('names the loadtester so its URL is the one in the platform contract', () => {
    const name = loadTesterValues({ loadTesterReplicas: 3 }).fullnameOverride as string;
    expect(`http://${name}.${PLATFORM_CONTRACT.flaggerNamespace}/`).toBe(PLATFORM_CONTRACT.loadTesterUrl);
    expect(loadTesterValues({ loadTesterReplicas: 3 })).toMatchObject({ replicaCount: 3 });
  });

  it('rejects replica counts below one', () => {
    expect(validateFlaggerSettings('f', { replicas: 0, loadTesterReplicas: 1.5 }).map((p) => `${p.path} ${p.message}`)).toEqual([
      'replicas (0) must be an integer >= 1',
      'loadTesterReplicas (1.5) must be an integer >= 1',
    ]);
  });
});
