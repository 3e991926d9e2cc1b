/**
 * A product team's stack: it does not fork canary-platform, it installs the package, reads the platform's outputs
 * through a StackReference and declares its services as CanaryServices, deployed through the platform's cluster.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { CanaryService, deployCanaryChart, ValidationError, type CanaryServiceProps, type PlatformNamespaces, type Problem } from 'canary-platform';

/** What this stack reads from the platform stack (the outputs of canary-platform's `stacks/platform/index.ts`). */
export interface PlatformOutputs {
  /** Kubeconfig of the cluster (a secret in the platform stack, and here). */
  readonly kubeconfig: pulumi.Output<string>;
  /** The shared ingress Gateway, `<namespace>/<name>`. */
  readonly gatewayName: string;
  /** First domain of the shared Gateway; services get `<service>.<gatewayHost>`. */
  readonly gatewayHost: string;
  /** Namespaces of the platform's parts; a team must not deploy into them. */
  readonly namespaces: PlatformNamespaces;
  /** In-cluster Prometheus URL (Flagger's analysis queries run against it). */
  readonly prometheusUrl: string;
  /** In-cluster flagger-loadtester URL (load tests and gates). */
  readonly loadTesterUrl: string;
}

/** What this stack exports. */
export interface TeamStackOutputs {
  /** The team's namespace. */
  readonly namespace: string;
  /** The services released by canary analysis, `<namespace>/<name>`. */
  readonly services: string[];
  /** Public URLs of the services exposed through the shared gateway. */
  readonly urls: string[];
}

const STRING_OUTPUTS = ['gatewayName', 'gatewayHost', 'prometheusUrl', 'loadTesterUrl'] as const;

/**
 * Reads the platform's outputs. Values that shape resources (names, hosts, URLs) are awaited, so the cdk8s chart
 * is rendered from plain strings; the kubeconfig stays a secret Output.
 * @throws ValidationError naming every missing or mistyped output of `stackName`
 */
export async function readPlatform(ref: pulumi.StackReference, stackName: string): Promise<PlatformOutputs> {
  const problems: Problem[] = [];
  const values: Record<string, unknown> = {};
  for (const key of [...STRING_OUTPUTS, 'namespaces']) {
    const details = await ref.getOutputDetails(key);
    values[key] = details.value;
    if (key === 'namespaces' ? !isNamespaces(details.value) : typeof details.value !== 'string' || details.value === '') {
      problems.push({ subject: stackName, path: `outputs.${key}`, message: `(${JSON.stringify(details.value)}) must be ${key === 'namespaces' ? 'the platform namespaces object' : 'a non-empty string'}; is this a canary-platform stack?` });
    }
  }
  if (problems.length > 0) throw new ValidationError(`Cannot use the platform stack ${stackName}`, problems);
  const kubeconfig = ref.requireOutput('kubeconfig').apply((value: unknown) => {
    if (typeof value !== 'string') throw new ValidationError(`Cannot use the platform stack ${stackName}`, [{ subject: stackName, path: 'outputs.kubeconfig', message: 'must be a string' }]);
    return value;
  });
  return { kubeconfig, ...(values as Omit<PlatformOutputs, 'kubeconfig'>) };
}

function isNamespaces(value: unknown): value is PlatformNamespaces {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && ['istio', 'ingress', 'monitoring', 'flagger'].every((k) => typeof v[k] === 'string');
}

/**
 * The team's services. The platform's addresses come from its outputs, so the services keep working if the
 * platform moves Prometheus or the gateway.
 */
export function shopServices(namespace: string, platform: Omit<PlatformOutputs, 'kubeconfig'>): Array<CanaryServiceProps & { readonly name: string }> {
  const platformProps = { prometheusUrl: platform.prometheusUrl, loadTesterUrl: platform.loadTesterUrl };
  return [
    {
      // Public storefront: progressive canary, exposed through the shared gateway.
      name: 'storefront',
      namespace,
      image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
      port: 9898,
      ingress: { gateway: platform.gatewayName, hosts: [`storefront.${platform.gatewayHost}`] },
      strategy: { kind: 'canary', stepWeights: [5, 10, 25, 50] },
      platform: platformProps,
    },
    {
      // Internal checkout API: more replicas, slower steps and a business metric that must hold.
      name: 'checkout',
      namespace,
      image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
      port: 8080,
      scaling: { kind: 'autoscaled', minReplicas: 3, maxReplicas: 20 },
      strategy: { kind: 'canary', stepWeight: 10, maxWeight: 50 },
      analysis: {
        interval: '1m',
        checks: {
          business: [
            {
              name: 'orders-ok',
              query:
                'sum(rate(checkout_orders_total{namespace="{{ namespace }}",pod=~"{{ target }}-.*",status="ok"}[{{ interval }}])) / sum(rate(checkout_orders_total{namespace="{{ namespace }}",pod=~"{{ target }}-.*"}[{{ interval }}])) * 100',
              min: 98,
              interval: '5m',
            },
          ],
        },
      },
      platform: platformProps,
    },
  ];
}

/** Refuses a team namespace that belongs to the platform. */
export function assertTeamNamespace(namespace: string, platformNamespaces: PlatformNamespaces): void {
  const taken = Object.entries(platformNamespaces).filter(([, ns]) => ns === namespace);
  if (taken.length > 0) {
    const used = Object.values(platformNamespaces).filter((ns): ns is string => ns !== undefined).sort().join(', ');
    throw new ValidationError('Invalid team stack configuration', [
      { subject: 'team-shop', path: 'namespace', message: `(${namespace}) is the platform's ${taken[0][0]} namespace; choose a namespace other than ${used}` },
    ]);
  }
}

/** The program: reads the platform, creates the team namespace and deploys the services' chart into it. */
export async function teamStack(): Promise<TeamStackOutputs> {
  const config = new pulumi.Config();
  const platformStack = config.get('platformStack') ?? `${pulumi.getOrganization()}/canary-platform/prod`;
  const namespace = config.get('namespace') ?? 'shop';

  const ref = new pulumi.StackReference(platformStack);
  const platform = await readPlatform(ref, platformStack);
  assertTeamNamespace(namespace, platform.namespaces);

  const provider = new k8s.Provider('platform-cluster', { kubeconfig: platform.kubeconfig, enableServerSideApply: true });
  const ns = new k8s.core.v1.Namespace(`${namespace}-namespace`, { metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } }, { provider });

  const app = new App();
  const chart = new Chart(app, namespace, { namespace });
  const services = shopServices(namespace, platform).map((props) => new CanaryService(chart, props.name, props));
  deployCanaryChart(`${namespace}-services`, chart, { provider, dependsOn: [ns] });

  return {
    namespace,
    services: services.map((s) => `${s.spec.namespace}/${s.spec.name}`),
    urls: services.flatMap((s) => (s.spec.ingress?.hosts ?? []).map((host) => `https://${host}`)),
  };
}
