/**
 * `CanaryWorkloads`: the CanaryServices a stack runs. One namespace (with Istio sidecar injection) and one cdk8s
 * chart per namespace, deployed through {@link deployCanaryChart} after the platform is ready.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as cdk8s from 'cdk8s';
import type { Construct } from 'constructs';
import type { CanaryServiceProps, ResolvedCanaryService } from '../canary/spec';
import { ServiceObservability } from '../canary-observability/construct';
import { observabilityInputFromCanary } from '../canary-observability/from-canary';
import { describeKind, objectProblems, ValidationError } from '../shared';
import { deployCanaryChart } from './bridge';
import type { Platform } from './platform';

/** One service of a stack: where it runs and its CanaryService props. */
export interface CanaryWorkloadSpec {
  /** Namespace (created with `istio-injection: enabled`). */
  readonly namespace: string;
  /** The CanaryService props; `name` is required here so each service is identified in the stack. */
  readonly props: CanaryServiceProps & { readonly name: string };
}

/**
 * The `CanaryService` construct's constructor (`new CanaryService(chart, name, props)` from packages/canary);
 * its instances expose the resolved spec, from which each service's alerts and dashboard are derived.
 */
export type CanaryServiceConstruct = new (
  scope: Construct,
  id: string,
  props: CanaryServiceProps,
) => Construct & { readonly spec: ResolvedCanaryService };

/**
 * The `CanaryService` construct of packages/canary, loaded when called: a stack without services loads no
 * construct code. Both stack programs (stacks/platform, and the services layer of stacks/layers) pass it as
 * {@link CanaryWorkloadsArgs.canaryService}.
 */
export function canaryServiceConstruct(): CanaryServiceConstruct {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../canary') as { CanaryService: CanaryServiceConstruct }).CanaryService;
}

/**
 * What CanaryWorkloads needs from the platform: a `Platform`, or (in the layered stacks, stacks/layers) the same
 * members rebuilt from stack references.
 */
export type PlatformEndpoints = Pick<Platform, 'provider' | 'ready' | 'prometheusUrl' | 'loadTesterUrl' | 'gatewayName'>;

/** Arguments of {@link CanaryWorkloads}. */
export interface CanaryWorkloadsArgs {
  /** The CanaryService construct (passed in, so this component loads no construct code of its own). */
  readonly canaryService: CanaryServiceConstruct;
  /** The services (already validated by the stack configuration). */
  readonly services: readonly CanaryWorkloadSpec[];
  /** The platform they run on: its provider, addresses and `ready` resources. */
  readonly platform: PlatformEndpoints;
}

/** Services grouped by namespace, namespaces sorted, services in the order given. */
export function groupByNamespace(services: readonly CanaryWorkloadSpec[]): Array<[string, CanaryWorkloadSpec[]]> {
  const groups = new Map<string, CanaryWorkloadSpec[]>();
  for (const service of services) groups.set(service.namespace, [...(groups.get(service.namespace) ?? []), service]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Props with the platform's addresses filled in where the service did not set them. */
export function withPlatformDefaults(props: CanaryWorkloadSpec['props'], platform: Pick<Platform, 'prometheusUrl' | 'loadTesterUrl' | 'gatewayName'>): CanaryServiceProps {
  return {
    ...props,
    platform: { prometheusUrl: platform.prometheusUrl, loadTesterUrl: platform.loadTesterUrl, ...props.platform },
    ...(props.ingress ? { ingress: { gateway: platform.gatewayName, ...props.ingress } } : {}),
  };
}

/**
 * Rejects `args` that is not an object, or whose fields are not what they must be (plain JavaScript may pass
 * anything), before anything is created; each service's props are validated by the CanaryService itself.
 * @throws ValidationError `CanaryWorkloads <name>: invalid arguments`, naming each field
 */
function assertCanaryWorkloadsArgs(name: string, args: CanaryWorkloadsArgs): void {
  const problems = objectProblems(name, { args });
  if (problems.length === 0) {
    problems.push(...objectProblems(name, { services: args.services, platform: args.platform }, { arrays: ['services'] }));
    if (typeof args.canaryService !== 'function') {
      problems.push({ subject: name, path: 'canaryService', message: `must be the CanaryService class (got ${describeKind(args.canaryService)})` });
    }
  }
  if (problems.length > 0) throw new ValidationError(`CanaryWorkloads ${name}: invalid arguments`, problems);
}

/** The CanaryServices of a stack. Type token `canary-platform:platform:CanaryWorkloads`. */
export class CanaryWorkloads extends pulumi.ComponentResource {
  /** One ConfigGroup per namespace. */
  readonly groups: readonly k8s.yaml.v2.ConfigGroup[];
  /** Services deployed, as `<namespace>/<name>`. */
  readonly serviceIds: readonly string[];

  constructor(name: string, args: CanaryWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:platform:CanaryWorkloads', name, {}, opts);
    assertCanaryWorkloadsArgs(name, args);
    const { platform } = args;
    const provider = platform.provider;
    const groups: k8s.yaml.v2.ConfigGroup[] = [];
    for (const [namespace, services] of groupByNamespace(args.services)) {
      const ns = new k8s.core.v1.Namespace(
        `${name}-${namespace}-ns`,
        { metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } },
        { parent: this, provider, dependsOn: [...platform.ready] },
      );
      const app = new cdk8s.App();
      const chart = new cdk8s.Chart(app, namespace, { namespace });
      for (const service of services) {
        const canary = new args.canaryService(chart, service.props.name, withPlatformDefaults(service.props, platform));
        // Each service's SLO burn-rate and release alerts and its deployment dashboard (packages/canary-observability).
        new ServiceObservability(chart, `${service.props.name}-observability`, observabilityInputFromCanary(canary.spec));
      }
      groups.push(deployCanaryChart(`${name}-${namespace}`, chart, { provider, dependsOn: [ns, ...platform.ready], parent: this }));
    }
    this.groups = groups;
    this.serviceIds = args.services.map((s) => `${s.namespace}/${s.props.name}`);
    this.registerOutputs({ services: this.serviceIds });
  }
}
