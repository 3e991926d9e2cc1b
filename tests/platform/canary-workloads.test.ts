/**
 * CanaryWorkloads under mocks, with a stand-in for the CanaryService construct (the construct itself is tested
 * in packages/canary): one namespace with sidecar injection and one ConfigGroup per namespace, after the
 * platform, with the platform's addresses filled in.
 */
import { installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { CanaryServiceProps, ResolvedCanaryService } from '../../packages/canary/spec';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { CanaryWorkloads, groupByNamespace, Platform } from '../../packages/platform';
import { platformArgs } from '../../stacks/platform/program';
import { parseStackConfig } from '../../stacks/platform/config';
import { rawStackConfig } from '../support/stack-config';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

// The stack files set alert channels without their webhook secrets: the program warns, as it does for a user.
expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

/** Stand-in construct: records the props it got as a ConfigMap, and exposes the resolved spec like the real one. */
class RecordingCanaryService extends Construct {
  readonly spec: ResolvedCanaryService;

  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id);
    this.spec = validateCanaryServiceProps(id, { ...props, namespace: Chart.of(this).namespace });
    new ApiObject(this, 'props', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${id}-props`, namespace: Chart.of(this).namespace },
      data: { props: JSON.stringify(props) },
    });
  }
}

describe('CanaryWorkloads', () => {
  const monitor = installRecordingMonitor({ stack: 'staging' });
  let graph: ResourceGraph;

  beforeAll(async () => {
    const { raw, file } = rawStackConfig('staging');
    const platform = new Platform('canary-staging', platformArgs(parseStackConfig(raw, { file, secretKeys: [] })));
    new CanaryWorkloads('services', {
      platform,
      canaryService: RecordingCanaryService,
      services: [
        { namespace: 'shop', props: { name: 'cart', image: 'ghcr.io/acme/cart:1.0.0', port: 8080, ingress: { hosts: ['cart.example.com'] } } },
        { namespace: 'demo', props: { name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 } },
        { namespace: 'shop', props: { name: 'checkout', image: 'ghcr.io/acme/checkout:2.1.0', port: 8080 } },
      ],
    });
    graph = await monitor.settle();
  });

  it('groups services by namespace, namespaces sorted', () => {
    const groups = groupByNamespace([
      { namespace: 'b', props: { name: 'x', image: 'i:1', port: 1 } },
      { namespace: 'a', props: { name: 'y', image: 'i:1', port: 1 } },
      { namespace: 'b', props: { name: 'z', image: 'i:1', port: 1 } },
    ]);
    expect(groups.map(([ns, services]) => `${ns}:${services.map((s) => s.props.name).join(',')}`)).toEqual(['a:y', 'b:x,z']);
  });

  it('creates each namespace with Istio sidecar injection, after the platform', () => {
    const flagger = graph.one('kubernetes:helm.sh/v3:Release', 'canary-staging-flagger-flagger');
    for (const ns of ['demo', 'shop']) {
      const namespace = graph.one('kubernetes:core/v1:Namespace', `services-${ns}-ns`);
      expect(namespace.inputs).toMatchObject({ metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } });
      expect(graph.dependsOn(namespace, flagger)).toBe(true);
    }
  });

  it('deploys one ConfigGroup per namespace after the gateway and Flagger, filling in platform addresses', () => {
    const shop = graph.one('kubernetes:yaml/v2:ConfigGroup', 'services-shop');
    expect(graph.dependsOn(shop, graph.one('kubernetes:networking.istio.io/v1:Gateway', 'canary-staging-istio-public-gateway'))).toBe(true);
    expect(graph.dependsOn(shop, graph.one('kubernetes:helm.sh/v3:Release', 'canary-staging-flagger-flagger'))).toBe(true);
    const objs = (shop.inputs.objs as Array<{ metadata: { name: string; namespace: string }; data: { props: string } }>).filter((o) =>
      o.metadata.name.endsWith('-props'),
    );
    expect(objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['shop/cart-props', 'shop/checkout-props']);
    expect(JSON.parse(objs[0].data.props)).toMatchObject({
      ingress: { hosts: ['cart.example.com'], gateway: 'istio-ingress/public-gateway' },
      platform: { prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring:9090', loadTesterUrl: 'http://flagger-loadtester.flagger-system/' },
    });
    expect(JSON.parse(objs[1].data.props).ingress).toBeUndefined();
  });

  it("adds each service's SLO and release alerts and its deployment dashboard next to it", () => {
    const shop = graph.one('kubernetes:yaml/v2:ConfigGroup', 'services-shop');
    const objs = shop.inputs.objs as Array<{ kind: string; metadata: { name: string; namespace: string; labels?: Record<string, string> } }>;
    const observability = objs.filter((o) => !o.metadata.name.endsWith('-props')).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(observability.sort()).toEqual([
      'ConfigMap/shop/cart-canary-dashboard',
      'ConfigMap/shop/checkout-canary-dashboard',
      'PrometheusRule/shop/cart-observability',
      'PrometheusRule/shop/checkout-observability',
    ]);
    const dashboard = objs.find((o) => o.metadata.name === 'cart-canary-dashboard');
    expect(dashboard?.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
  });
});
