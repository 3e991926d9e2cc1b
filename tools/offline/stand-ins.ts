import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import { parseAllDocuments } from 'yaml';
import { kubeconfig } from '../../packages/platform/gke/render';
import { defaultLokiBucketName } from '../../packages/platform/observability/args';
import { PLATFORM_CONTRACT } from '../../packages/shared';
import type { PlatformStackOutputs } from '../../stacks/platform/program';

/**
 * Deterministic stand-in cloud outputs for the offline engine: what GCP or Kubernetes would return after
 * creating a resource, derived only from its type, name and inputs, so that a program's `apply()` chains
 * (cluster endpoint -> kubeconfig -> Kubernetes provider, service account email -> IAM binding, ...) run as
 * they would for real. StackReferences to a platform stack read that stack's outputs, likewise made up. Nothing
 * here calls a cloud or reads another stack.
 */

/** What a stand-in may use besides the resource's own inputs. */
export interface StandInContext {
  /** GCP project for resources that do not set one (`gcp:project` config). */
  readonly gcpProject: string;
  /** GCP region for resources that do not set one (`gcp:region` config). */
  readonly gcpRegion: string;
}

/** A resource being created, as the mock monitor sees it. */
export interface StandInRequest {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Version reported for GKE clusters and node pools. */
export const STAND_IN_GKE_VERSION = '1.33.5-gke.1000000';

/** A fixed, clearly fake PEM certificate (base64), as GKE returns `masterAuth.clusterCaCertificate`. */
export const STAND_IN_CA_CERTIFICATE = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nT0ZGTElORS1SRU5ERVItU1RBTkQtSU4tQ0VSVElGSUNBVEU=\n-----END CERTIFICATE-----\n',
).toString('base64');

/** Hex digest of `text` (deterministic seed for ids, addresses, numbers). */
export function digest(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function digits(text: string, count: number): string {
  const hex = digest(text, 32);
  let out = '';
  for (let i = 0; out.length < count; i++) out += (parseInt(hex[i % hex.length], 16) % 10).toString();
  return out.replace(/^0/, '1');
}

function ipFrom(text: string, prefix: string): string {
  const hex = digest(text, 6);
  const bytes = [0, 2, 4].map((i) => (parseInt(hex.slice(i, i + 2), 16) % 250) + 2);
  return [prefix, ...bytes.slice(0, 4 - prefix.split('.').length)].join('.');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** First usable host address of a CIDR block such as `172.16.0.0/28` (its `.2`). */
function hostInCidr(cidr: string | undefined): string | undefined {
  const m = cidr ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(cidr) : null;
  return m ? `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 2}` : undefined;
}

type StandIn = (req: StandInRequest, ctx: StandInContext) => Record<string, unknown>;

const compute = 'https://www.googleapis.com/compute/v1';

function gcpBase(req: StandInRequest, ctx: StandInContext): { name: string; project: string; region: string } {
  return {
    name: str(req.inputs.name) ?? req.name,
    project: str(req.inputs.project) ?? ctx.gcpProject,
    region: str(req.inputs.region) ?? str(req.inputs.location) ?? ctx.gcpRegion,
  };
}

const GCP: Readonly<Record<string, StandIn>> = {
  'gcp:container/cluster:Cluster': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const pcc = (req.inputs.privateClusterConfig ?? {}) as Record<string, unknown>;
    const endpoint = hostInCidr(str(pcc.masterIpv4CidrBlock)) ?? ipFrom(`${project}/${name}`, '34');
    const id = `projects/${project}/locations/${region}/clusters/${name}`;
    return {
      id,
      name,
      project,
      location: region,
      endpoint,
      masterVersion: STAND_IN_GKE_VERSION,
      selfLink: `https://container.googleapis.com/v1/${id}`,
      masterAuth: { clusterCaCertificate: STAND_IN_CA_CERTIFICATE, clientCertificate: '', clientKey: '' },
      privateClusterConfig: { ...pcc, privateEndpoint: endpoint, publicEndpoint: ipFrom(`${id}/public`, '34') },
      servicesIpv4Cidr: '10.96.0.0/20',
      labelFingerprint: digest(id, 8),
      operation: '',
    };
  },
  'gcp:container/nodePool:NodePool': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const group = `${compute}/projects/${project}/zones/${region}-a/instanceGroupManagers/gke-${name}-${digest(name, 8)}-grp`;
    return { id: `projects/${project}/locations/${region}/clusters/${str(req.inputs.cluster) ?? 'cluster'}/nodePools/${name}`, name, project, location: region, version: STAND_IN_GKE_VERSION, instanceGroupUrls: [group], managedInstanceGroupUrls: [group] };
  },
  'gcp:serviceaccount/account:Account': (req, ctx) => {
    const { project } = gcpBase(req, ctx);
    const accountId = str(req.inputs.accountId) ?? req.name;
    const email = `${accountId}@${project}.iam.gserviceaccount.com`;
    return { id: `projects/${project}/serviceAccounts/${email}`, name: `projects/${project}/serviceAccounts/${email}`, email, member: `serviceAccount:${email}`, uniqueId: digits(email, 21), project };
  },
  'gcp:storage/bucket:Bucket': (req, ctx) => {
    const { name, project } = gcpBase(req, ctx);
    return { id: name, name, project, url: `gs://${name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${name}` };
  },
  'gcp:compute/network:Network': (req, ctx) => {
    const { name, project } = gcpBase(req, ctx);
    const id = `projects/${project}/global/networks/${name}`;
    return { id, name, project, selfLink: `${compute}/${id}`, numericId: digits(id, 19) };
  },
  'gcp:compute/subnetwork:Subnetwork': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const id = `projects/${project}/regions/${region}/subnetworks/${name}`;
    return { id, name, project, region, selfLink: `${compute}/${id}`, gatewayAddress: hostInCidr(str(req.inputs.ipCidrRange)) ?? '10.0.0.1' };
  },
  'gcp:compute/router:Router': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const id = `projects/${project}/regions/${region}/routers/${name}`;
    return { id, name, project, region, selfLink: `${compute}/${id}` };
  },
  'gcp:compute/routerNat:RouterNat': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    return { id: `${project}/${region}/${str(req.inputs.router) ?? 'router'}/${name}`, name, project, region };
  },
  'gcp:compute/firewall:Firewall': (req, ctx) => {
    const { name, project } = gcpBase(req, ctx);
    const id = `projects/${project}/global/firewalls/${name}`;
    return { id, name, project, selfLink: `${compute}/${id}` };
  },
  'gcp:compute/address:Address': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const id = `projects/${project}/regions/${region}/addresses/${name}`;
    return { id, name, project, region, address: str(req.inputs.address) ?? ipFrom(id, '34'), selfLink: `${compute}/${id}` };
  },
  'gcp:compute/globalAddress:GlobalAddress': (req, ctx) => {
    const { name, project } = gcpBase(req, ctx);
    const id = `projects/${project}/global/addresses/${name}`;
    return { id, name, project, address: str(req.inputs.address) ?? ipFrom(id, '34'), selfLink: `${compute}/${id}` };
  },
  'gcp:kms/keyRing:KeyRing': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    return { id: `projects/${project}/locations/${region}/keyRings/${name}`, name, project, location: region };
  },
  'gcp:kms/cryptoKey:CryptoKey': (req) => {
    const name = str(req.inputs.name) ?? req.name;
    return { id: `${str(req.inputs.keyRing) ?? 'projects/offline/locations/global/keyRings/ring'}/cryptoKeys/${name}`, name };
  },
  'gcp:gkebackup/backupPlan:BackupPlan': (req, ctx) => {
    const { name, project, region } = gcpBase(req, ctx);
    const id = `projects/${project}/locations/${region}/backupPlans/${name}`;
    return { id, name, project, location: region, uid: digest(id, 32), state: 'READY' };
  },
};

/** The Pulumi project of the platform stacks (`name:` in this package's Pulumi.yaml). */
export const PLATFORM_PROJECT = 'canary-platform';

/** A StackReference name of a platform stack: `<org>/canary-platform/<stack>` (or `canary-platform/<stack>`). */
const PLATFORM_STACK_NAME = new RegExp(`^(?:[^/]+/)?${PLATFORM_PROJECT}/([^/]+)$`);

/** A stack output as a referencing stack reads it: Outputs resolved to their values. */
type OutputValue<T> = T extends pulumi.Output<infer U> ? U : T;

/** The outputs a platform stack exports (stacks/platform/index.ts), as a StackReference reads them. */
export type PlatformStackOutputValues = { readonly [K in keyof PlatformStackOutputs]: OutputValue<PlatformStackOutputs[K]> };

/** Outputs of a platform stack that are secrets there, and so through a StackReference. */
export const PLATFORM_SECRET_OUTPUTS: readonly (keyof PlatformStackOutputs)[] = ['kubeconfig'];

/**
 * What a StackReference to the platform stack `stack` reads offline: every output the platform program exports
 * (stacks/platform/index.ts; the type keeps the two in step), with deterministic fake values derived from the stack name.
 * The in-cluster addresses and namespaces are the platform contract's, as a real platform stack exports them;
 * cloud-decided values (endpoint, kubeconfig, bucket) are clearly fake, like every other stand-in.
 */
export function platformStackOutputs(stack: string): PlatformStackOutputValues {
  const clusterName = `canary-${stack}`;
  const endpoint = ipFrom(`${PLATFORM_PROJECT}/${stack}`, '34');
  const gatewayHost = `${stack}.canary.example.com`;
  return {
    clusterName,
    endpoint,
    kubeconfig: kubeconfig({ clusterName, endpoint, clusterCaCertificate: STAND_IN_CA_CERTIFICATE }),
    namespaces: {
      istio: PLATFORM_CONTRACT.istioNamespace,
      ingress: PLATFORM_CONTRACT.ingressNamespace,
      monitoring: PLATFORM_CONTRACT.monitoringNamespace,
      flagger: PLATFORM_CONTRACT.flaggerNamespace,
    },
    gatewayName: PLATFORM_CONTRACT.gateway,
    gatewayHost,
    gatewayHosts: [gatewayHost],
    prometheusUrl: PLATFORM_CONTRACT.prometheusUrl,
    loadTesterUrl: PLATFORM_CONTRACT.loadTesterUrl,
    lokiBucket: defaultLokiBucketName(`${PLATFORM_PROJECT}-${stack}`, clusterName),
    services: [],
  };
}

/**
 * The state a StackReference reads offline: no other stack can be read here, so a reference to a platform stack
 * (`<org>/canary-platform/<stack>`) reads {@link platformStackOutputs}; any other reference reads no outputs, and
 * the program's own checks name what it misses.
 */
function standInStackReference(req: StandInRequest): { id: string; state: Record<string, unknown> } {
  const name = str(req.inputs.name) ?? req.name;
  const platform = PLATFORM_STACK_NAME.exec(name);
  const outputs = platform ? platformStackOutputs(platform[1]) : {};
  return { id: name, state: { name, outputs, secretOutputNames: platform ? [...PLATFORM_SECRET_OUTPUTS] : [] } };
}

/** Stand-in outputs (state) and id for one resource: inputs echoed, plus what the cloud would add. */
export function standInResource(req: StandInRequest, ctx: StandInContext): { id: string; state: Record<string, unknown> } {
  if (req.type === 'pulumi:pulumi:StackReference') return standInStackReference(req);
  const gcp = GCP[req.type];
  if (gcp) {
    const extra = gcp(req, ctx);
    return { id: String(extra.id), state: { ...req.inputs, ...extra } };
  }
  if (req.type.startsWith('gcp:')) {
    const { name, project } = gcpBase(req, ctx);
    // IAM bindings and other resources: an etag and an id from the name are what programs read.
    return { id: `${project}/${name}`, state: { name, etag: `BwOffline${digest(req.name, 8)}`, ...req.inputs } };
  }
  if (req.type === 'kubernetes:helm.sh/v3:Release') {
    const name = str(req.inputs.name) ?? req.name;
    const namespace = str(req.inputs.namespace) ?? 'default';
    const status = { name, namespace, chart: req.inputs.chart, version: req.inputs.version, appVersion: req.inputs.version, revision: 1, status: 'deployed' };
    return { id: `${namespace}/${name}`, state: { ...req.inputs, name, namespace, status } };
  }
  if (/^kubernetes:[^:]+:[A-Z]/.test(req.type) && !KUBERNETES_COMPONENTS.has(req.type)) {
    const metadata = { ...((req.inputs.metadata ?? {}) as Record<string, unknown>) };
    metadata.name = str(metadata.name) ?? req.name;
    const ns = str(metadata.namespace);
    const id = ns ? `${ns}/${metadata.name as string}` : (metadata.name as string);
    metadata.uid = uuidFrom(`${req.type}/${id}`);
    const state: Record<string, unknown> = { ...req.inputs, metadata };
    if (req.type === 'kubernetes:core/v1:Service') {
      const spec = (req.inputs.spec ?? {}) as Record<string, unknown>;
      state.spec = { ...spec, clusterIP: ipFrom(id, '10.96') };
      if (spec.type === 'LoadBalancer') state.status = { loadBalancer: { ingress: [{ ip: str(spec.loadBalancerIP) ?? ipFrom(`${id}/lb`, '34') }] } };
    }
    return { id, state };
  }
  return { id: `${req.name}-id`, state: { ...req.inputs } };
}

/** Kubernetes package types that are not one object (their inputs hold objects or charts). */
const KUBERNETES_COMPONENTS = new Set([
  'kubernetes:yaml/v2:ConfigGroup',
  'kubernetes:yaml/v2:ConfigFile',
  'kubernetes:helm.sh/v4:Chart',
  'kubernetes:kustomize/v2:Directory',
]);

function uuidFrom(text: string): string {
  const h = digest(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Provider functions (invokes) that have a stand-in result. */
export const STAND_IN_INVOKES: ReadonlySet<string> = new Set([
  'gcp:organizations/getClientConfig:getClientConfig',
  'gcp:organizations/getProject:getProject',
  'gcp:compute/getZones:getZones',
  'gcp:container/getEngineVersions:getEngineVersions',
  'kubernetes:yaml:decode',
]);

/** Stand-in results of provider functions (invokes). Unknown tokens return `undefined` (the caller warns). */
export function standInInvoke(token: string, inputs: Record<string, unknown>, ctx: StandInContext): Record<string, unknown> | undefined {
  const project = str(inputs.project) ?? ctx.gcpProject;
  const region = str(inputs.region) ?? str(inputs.location) ?? ctx.gcpRegion;
  switch (token) {
    case 'gcp:organizations/getClientConfig:getClientConfig':
      return { id: project, project, region, zone: `${region}-a`, accessToken: 'offline-access-token' };
    case 'gcp:organizations/getProject:getProject':
      return { id: `projects/${project}`, projectId: project, number: digits(project, 12), name: project };
    case 'gcp:compute/getZones:getZones':
      return { id: region, project, region, names: ['a', 'b', 'c'].map((z) => `${region}-${z}`) };
    case 'gcp:container/getEngineVersions:getEngineVersions': {
      const byChannel = { RAPID: STAND_IN_GKE_VERSION, REGULAR: STAND_IN_GKE_VERSION, STABLE: STAND_IN_GKE_VERSION };
      return {
        id: region,
        project,
        location: region,
        defaultClusterVersion: STAND_IN_GKE_VERSION,
        latestMasterVersion: STAND_IN_GKE_VERSION,
        latestNodeVersion: STAND_IN_GKE_VERSION,
        validMasterVersions: [STAND_IN_GKE_VERSION],
        validNodeVersions: [STAND_IN_GKE_VERSION],
        releaseChannelDefaultVersion: byChannel,
        releaseChannelLatestVersion: byChannel,
      };
    }
    case 'kubernetes:yaml:decode':
      return { result: parseAllDocuments(String(inputs.text ?? '')).map((d) => d.toJS() as unknown).filter((o) => o !== null) };
    default:
      return undefined;
  }
}
