import { PLATFORM_CONTRACT } from '../../../packages/shared';
import { gatewayValues, istioBaseValues, istioCniValues, istiodValues, IstioSettings, meshStrictMtls, publicGateway, validateIstioSettings } from '../../../packages/platform/istio/values';

const SETTINGS: IstioSettings = { ingress: { domains: ['canary.example.com'] } };

describe('Istio values', () => {
  it('renders the default values of every chart (snapshot)', () => {
    expect({ base: istioBaseValues(), cni: istioCniValues(), istiod: istiodValues(SETTINGS), gateway: gatewayValues(SETTINGS) }).toMatchSnapshot();
  });

  it('configures the CNI chart for GKE', () => {
    expect(istioCniValues()).toMatchObject({ cniBinDir: '/home/kubernetes/bin', resourceQuotas: { enabled: true }, global: { platform: 'gke' } });
  });

  it('sets a memory limit for istiod and the CNI agent (the charts set requests only)', () => {
    expect(istiodValues(SETTINGS)).toMatchObject({ pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } } } });
    expect(istioCniValues()).toMatchObject({ resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '512Mi' } } });
  });

  it('renders every setting it is given', () => {
    const full: IstioSettings = {
      ingress: { domains: ['a.example.com'], minReplicas: 3, maxReplicas: 9 },
      istiodMinReplicas: 3,
      istiodMaxReplicas: 7,
      istiodResources: { requests: { cpu: '1', memory: '4Gi' } },
      proxyResources: { requests: { cpu: '50m', memory: '64Mi' } },
    };
    expect(istiodValues(full)).toMatchObject({
      pilot: { autoscaleMin: 3, autoscaleMax: 7, replicaCount: 3, resources: { requests: { cpu: '1', memory: '4Gi' } }, cni: { enabled: true } },
      global: { proxy: { resources: { requests: { cpu: '50m', memory: '64Mi' } } } },
      meshConfig: { enablePrometheusMerge: true },
    });
    expect(gatewayValues(full)).toMatchObject({ autoscaling: { minReplicas: 3, maxReplicas: 9 } });
  });
});

describe('Istio objects', () => {
  it('names the shared Gateway after the platform contract and serves HTTP only without TLS', () => {
    const gateway = publicGateway(SETTINGS.ingress);
    expect(`${gateway.metadata.namespace}/${gateway.metadata.name}`).toBe(PLATFORM_CONTRACT.gateway);
    expect(gateway).toMatchSnapshot();
  });

  it('terminates TLS and redirects HTTP when a credential is given', () => {
    const gateway = publicGateway({ domains: ['canary.example.com'], tlsCredentialName: 'public-gateway-tls' });
    expect(gateway.spec).toMatchObject({
      servers: [
        { port: { number: 80 }, tls: { httpsRedirect: true } },
        { port: { number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'public-gateway-tls' } },
      ],
    });
  });

  it('enforces STRICT mTLS mesh-wide from the root namespace', () => {
    expect(meshStrictMtls()).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system', labels: { 'app.kubernetes.io/managed-by': 'canary-platform' } },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });
});

describe('validateIstioSettings', () => {
  it('reports every problem with its path', () => {
    expect(
      validateIstioSettings('prod', { ingress: { domains: ['Bad_Domain'], minReplicas: 0, maxReplicas: -1 }, istiodMinReplicas: 3, istiodMaxReplicas: 2 }).map(
        (p) => `${p.path} ${p.message}`,
      ),
    ).toEqual([
      'ingress.domains[0] (Bad_Domain) must be a lowercase DNS name like canary.example.com',
      'ingress.minReplicas (0) must be >= 1',
      'ingress.maxReplicas (-1) must be >= minReplicas (0)',
      'istiodMaxReplicas (2) must be >= istiodMinReplicas (3)',
    ]);
    expect(validateIstioSettings('prod', { ingress: { domains: [] } }).map((p) => `${p.path} ${p.message}`)).toEqual([
      'ingress.domains (empty) must name at least one domain',
    ]);
  });
});
