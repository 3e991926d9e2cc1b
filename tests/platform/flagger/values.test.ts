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

  it('runs one Flagger without leader election or PDB, and sets minAvailable only with the budget (the chart ignores it otherwise)', () => {
    expect(flaggerValues({ replicas: 1 }, 'x')).toMatchObject({ leaderElection: { enabled: false }, podDisruptionBudget: { enabled: false } });
    expect(flaggerValues({ replicas: 1 }, 'x').podDisruptionBudget).toEqual({ enabled: false });
    expect(flaggerValues({ replicas: 2 }, 'x').podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
  });

  it('runs Flagger and the load tester non-root, read-only, without privilege escalation or capabilities', () => {
    const restricted = { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    expect(flaggerValues({}, 'x')).toMatchObject({ securityContext: { enabled: true, context: { ...restricted, runAsUser: 10001 } } });
    // The load tester's context is off in the chart: it must be switched on, as the image's user app (100:101).
    expect(loadTesterValues({})).toMatchObject({ securityContext: { enabled: true, context: { ...restricted, runAsUser: 100, runAsGroup: 101 } } });
  });

  it("waives secret-no-plaintext on the Flagger Deployment for the chart's App Mesh annotation, with its reason", () => {
    expect(flaggerValues({}, 'x')).toMatchObject({ annotations: { 'policy.canary-platform.dev/waive-secret-no-plaintext': expect.stringContaining('appmesh.k8s.aws/sidecarInjectorWebhook') } });
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
