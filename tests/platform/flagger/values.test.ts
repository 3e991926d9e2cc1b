import { PLATFORM_CONTRACT } from '../../../packages/shared';
import { IMAGES } from '../../../packages/shared/versions';
import { evaluatePolicies } from '../../../packages/policies';
import { validateObject } from '../../../packages/validation';
import { flaggerValues, loadTesterPeerAuthentication, loadTesterValues, validateFlaggerSettings } from '../../../packages/platform/flagger/values';

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

describe('loadTesterPeerAuthentication', () => {
  const pa = loadTesterPeerAuthentication();

  it('lets only the load tester webhook port accept plaintext from sidecar-less controllers', () => {
    expect(pa.spec).toEqual({
      selector: { matchLabels: { app: 'loadtester' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'PERMISSIVE' } },
    });
    expect(pa.metadata.namespace).toBe(PLATFORM_CONTRACT.flaggerNamespace);
  });

  it('is schema-valid and passes the prod policies only through its reasoned waiver', () => {
    expect(validateObject(pa)).toEqual([]);
    const result = evaluatePolicies({ objects: [pa], environment: 'prod' });
    expect(result.violations).toEqual([]);
    expect(result.waivers.map((w) => [w.ruleId, w.suppressed])).toEqual([['mesh-mtls-strict', 1]]);
    const { annotations, ...metadata } = pa.metadata;
    expect(annotations).toBeDefined();
    const unwaived = evaluatePolicies({ objects: [{ ...pa, metadata }], environment: 'prod' });
    expect(unwaived.violations.map((v) => v.ruleId)).toEqual(['mesh-mtls-strict']);
  });
});
