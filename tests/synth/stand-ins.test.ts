import { STAND_IN_CA_CERTIFICATE, STAND_IN_GKE_VERSION, standInInvoke, standInResource } from '../../tools/offline/stand-ins';

const ctx = { gcpProject: 'acme-prod', gcpRegion: 'europe-west4' };

describe('stand-in cloud outputs', () => {
  it('gives a GKE cluster an endpoint inside its master CIDR, a CA certificate and a version', () => {
    const { id, state } = standInResource({ type: 'gcp:container/cluster:Cluster', name: 'gke', inputs: { name: 'canary-prod', location: 'europe-west4', privateClusterConfig: { masterIpv4CidrBlock: '172.16.0.0/28' } } }, ctx);
    expect(id).toBe('projects/acme-prod/locations/europe-west4/clusters/canary-prod');
    expect(state).toMatchObject({ name: 'canary-prod', endpoint: '172.16.0.2', masterVersion: STAND_IN_GKE_VERSION, masterAuth: { clusterCaCertificate: STAND_IN_CA_CERTIFICATE } });
    expect(Buffer.from(STAND_IN_CA_CERTIFICATE, 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('derives service account emails, bucket URLs and network self-links from names', () => {
    expect(standInResource({ type: 'gcp:serviceaccount/account:Account', name: 'sa', inputs: { accountId: 'gke-nodes' } }, ctx).state).toMatchObject({
      email: 'gke-nodes@acme-prod.iam.gserviceaccount.com',
      member: 'serviceAccount:gke-nodes@acme-prod.iam.gserviceaccount.com',
    });
    expect(standInResource({ type: 'gcp:storage/bucket:Bucket', name: 'loki', inputs: { name: 'acme-loki' } }, ctx).state).toMatchObject({ url: 'gs://acme-loki' });
    expect(standInResource({ type: 'gcp:compute/network:Network', name: 'vpc', inputs: {} }, ctx).state.selfLink).toBe('https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/vpc');
  });

  it('names Kubernetes objects after the resource when unnamed and gives them a stable uid', () => {
    const a = standInResource({ type: 'kubernetes:core/v1:ConfigMap', name: 'settings', inputs: { metadata: { namespace: 'apps' } } }, ctx);
    const b = standInResource({ type: 'kubernetes:core/v1:ConfigMap', name: 'settings', inputs: { metadata: { namespace: 'apps' } } }, ctx);
    expect(a.id).toBe('apps/settings');
    expect(a.state.metadata).toEqual(b.state.metadata);
    expect((a.state.metadata as { uid: string }).uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reports a deployed Helm release', () => {
    expect(standInResource({ type: 'kubernetes:helm.sh/v3:Release', name: 'r', inputs: { name: 'istiod', namespace: 'istio-system', chart: 'istiod', version: '1.30.3' } }, ctx).state.status).toEqual({
      name: 'istiod',
      namespace: 'istio-system',
      chart: 'istiod',
      version: '1.30.3',
      appVersion: '1.30.3',
      revision: 1,
      status: 'deployed',
    });
  });

  it('answers the provider functions programs commonly call, and nothing else', () => {
    expect(standInInvoke('gcp:organizations/getClientConfig:getClientConfig', {}, ctx)).toMatchObject({ project: 'acme-prod', region: 'europe-west4' });
    expect(standInInvoke('gcp:container/getEngineVersions:getEngineVersions', {}, ctx)).toMatchObject({ latestMasterVersion: STAND_IN_GKE_VERSION });
    expect(standInInvoke('kubernetes:yaml:decode', { text: 'a: 1\n---\nb: 2\n' }, ctx)).toEqual({ result: [{ a: 1 }, { b: 2 }] });
    expect(standInInvoke('aws:ec2/getAmi:getAmi', {}, ctx)).toBeUndefined();
  });
});
