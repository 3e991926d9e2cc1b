/**
 * The cdk8s construct: the minimal call renders a complete canary into the chart, the namespace comes from the
 * chart or the props, mistakes name the construct path, and its ApiObjects (plain cdk8s ApiObjects) give exactly
 * what an ApiObject of the rendered object gives (chart labels, added metadata and JSON patches included).
 */
import { ApiObject, App, Chart, JsonPatch, Testing, type IResolver, type ResolutionContext } from 'cdk8s';
import { isValidationError, type ValidationError } from '../../packages/shared';
import { CanaryService, renderCanaryService } from '../../packages/canary/index';

const PODINFO = { image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

function chart(props: { namespace?: string; labels?: Record<string, string> } = {}): Chart {
  // `new App()` creates no folder (Testing.app() makes one in the temp directory per call); nothing is written.
  return new Chart(new App(), 'test', props);
}

describe('new CanaryService(chart, "podinfo", { image, port })', () => {
  const c = chart({ namespace: 'shop' });
  const service = new CanaryService(c, 'podinfo', PODINFO);
  const manifests = Testing.synth(c);

  it('renders a complete production-ready canary into the chart', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ServiceAccount/podinfo',
      'Deployment/podinfo',
      'Service/podinfo',
      'HorizontalPodAutoscaler/podinfo',
      'PodDisruptionBudget/podinfo',
      'MetricTemplate/podinfo-error-rate',
      'MetricTemplate/podinfo-latency-p95',
      'MetricTemplate/podinfo-relative-latency',
      'Canary/podinfo',
    ]);
  });

  it('synthesises exactly what renderCanaryService renders', () => {
    expect(manifests).toEqual(renderCanaryService({ ...PODINFO, name: 'podinfo', namespace: 'shop' }));
    expect(service.objects).toEqual(manifests);
  });

  it('takes the namespace from the chart', () => {
    expect(service.spec.namespace).toBe('shop');
    expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['shop']));
  });

  it('exposes the resolved spec, its timeline and its ApiObjects', () => {
    expect(service.spec.name).toBe('podinfo');
    expect(service.timeline.worstCaseRollbackSeconds).toBe(360);
    expect(service.apiObject('Canary').kind).toBe('Canary');
    expect(service.apiObject('MetricTemplate', 'podinfo-error-rate').name).toBe('podinfo-error-rate');
  });

  it('names what exists when an ApiObject is not found', () => {
    expect(() => service.apiObject('VirtualService')).toThrow(
      'test/podinfo: no VirtualService/podinfo; this CanaryService has ServiceAccount/podinfo, Deployment/podinfo, Service/podinfo, HorizontalPodAutoscaler/podinfo, PodDisruptionBudget/podinfo, MetricTemplate/podinfo-error-rate, MetricTemplate/podinfo-latency-p95, MetricTemplate/podinfo-relative-latency, Canary/podinfo',
    );
  });
});

describe('namespace and name', () => {
  it('uses the namespace prop over the chart namespace', () => {
    expect(new CanaryService(chart({ namespace: 'shop' }), 'podinfo', { ...PODINFO, namespace: 'team' }).spec.namespace).toBe('team');
  });

  it("uses 'default' when neither sets one", () => {
    expect(new CanaryService(chart(), 'podinfo', PODINFO).spec.namespace).toBe('default');
  });

  it('uses props.name over the construct id', () => {
    const service = new CanaryService(chart(), 'api', { ...PODINFO, name: 'podinfo' });
    expect(service.objects.every((o) => o.metadata.name.startsWith('podinfo'))).toBe(true);
  });

  it('holds several services in one chart', () => {
    const c = chart({ namespace: 'shop' });
    new CanaryService(c, 'frontend', PODINFO);
    new CanaryService(c, 'backend', { ...PODINFO, port: 8080 });
    expect(Testing.synth(c).filter((m) => m.kind === 'Canary').map((m) => m.metadata.name)).toEqual(['frontend', 'backend']);
  });
});

describe('mistakes', () => {
  it('throw one ValidationError titled with the construct path, listing every problem', () => {
    let caught: unknown;
    try {
      new CanaryService(chart(), 'podinfo', { image: 'nginx:latest', port: 15000 });
    } catch (err) {
      caught = err;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as ValidationError).message).toBe(
      [
        'CanaryService at test/podinfo has 2 problems',
        '  - podinfo: image "nginx:latest" must be pinned by a tag other than latest or by a digest (e.g. nginx:1.27.3 or nginx@sha256:...)',
        '  - podinfo: port (15000) is reserved by the Istio sidecar (15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090); use another port',
      ].join('\n'),
    );
  });

  it('add nothing to the chart', () => {
    const c = chart();
    expect(() => new CanaryService(c, 'podinfo', { image: 'nginx', port: 80 })).toThrow();
    expect(c.apiObjects).toEqual([]);
  });
});

describe('toJson() of the rendered ApiObjects', () => {
  /**
   * The reference: cdk8s' own ApiObject holding the same rendered object, in a twin chart with the same
   * namespace and labels, with the same changes applied.
   */
  function pairs(chartProps: { namespace?: string; labels?: Record<string, string> }, props = {}, change: (o: ApiObject) => void = () => undefined): [ApiObject, ApiObject][] {
    const service = new CanaryService(chart(chartProps), 'podinfo', { ...PODINFO, ...props });
    const twin = chart(chartProps);
    return service.objects.map((obj, i) => {
      const ours = service.apiObjects[i] as ApiObject;
      const reference = new ApiObject(twin, `ref-${i}`, obj as never);
      change(ours);
      change(reference);
      return [ours, reference];
    });
  }

  it('equals cdk8s ApiObject.toJson for every object, also with chart labels and annotations', () => {
    const all = pairs({ namespace: 'shop', labels: { 'example.com/stack': 'prod' } }, { alerts: [{ name: 'chat', type: 'slack', secretName: 's' }], serviceAccount: { annotations: { a: 'b' } } });
    for (const [ours, reference] of all) expect(ours.toJson()).toEqual(reference.toJson());
    expect(all[0]?.[0].toJson().metadata.labels).toMatchObject({ 'example.com/stack': 'prod' });
  });

  it('equals cdk8s ApiObject.toJson when a chart label collides with ours (ours win, as in cdk8s)', () => {
    const all = pairs({ labels: { app: 'chart-wide', zone: 'a' } });
    for (const [ours, reference] of all) expect(ours.toJson()).toEqual(reference.toJson());
    expect(all[1]?.[0].toJson().metadata.labels).toMatchObject({ app: 'podinfo', zone: 'a' });
  });

  it.each([
    ['metadata.addLabel', (o: ApiObject) => o.metadata.addLabel('tier', 'web'), '"tier":"web"'],
    ['metadata.addAnnotation', (o: ApiObject) => o.metadata.addAnnotation('example.com/owner', 'storefront'), '"example.com/owner":"storefront"'],
    ['metadata.addFinalizers', (o: ApiObject) => o.metadata.addFinalizers('example.com/cleanup'), '"finalizers":["example.com/cleanup"]'],
    ['metadata.addOwnerReference', (o: ApiObject) => o.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1' }), '"ownerReferences":[{'],
    ['metadata.add', (o: ApiObject) => o.metadata.add('generateName', 'podinfo-'), '"generateName":"podinfo-"'],
    ['addJsonPatch', (o: ApiObject) => o.addJsonPatch(JsonPatch.add('/metadata/annotations', { patched: 'yes' }), JsonPatch.add('/zzz', 1)), '"patched":"yes"'],
  ] as const)('equals cdk8s ApiObject.toJson after %s, which shows in the output', (_method, change, fragment) => {
    for (const [ours, reference] of pairs({ labels: { stack: 'prod' } }, {}, change)) {
      expect(ours.toJson()).toEqual(reference.toJson());
      expect(Object.keys(ours.toJson())).toEqual(Object.keys(reference.toJson()));
      expect(JSON.stringify(ours.toJson())).toContain(fragment);
    }
  });

  it("passes every value through the app's own resolvers, as ApiObject does", () => {
    /** A resolver of the user's: rewrites every image to a mirror. */
    const mirror: IResolver = {
      resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('ghcr.io/')) context.replaceValue(context.value.replace('ghcr.io/', 'mirror.example.com/'));
      },
    };
    const service = new CanaryService(new Chart(new App({ resolvers: [mirror] }), 'test'), 'podinfo', PODINFO);
    const twin = new Chart(new App({ resolvers: [mirror] }), 'test');
    service.objects.forEach((obj, i) => expect(service.apiObjects[i]?.toJson()).toEqual(new ApiObject(twin, `ref-${i}`, obj as never).toJson()));
    expect(service.apiObject('Deployment').toJson().spec.template.spec.containers[0].image).toBe('mirror.example.com/stefanprodan/podinfo:6.7.0');
  });

  it('keeps the key order of cdk8s: apiVersion, kind, metadata first', () => {
    for (const [ours, reference] of pairs({})) expect(Object.keys(ours.toJson())).toEqual(Object.keys(reference.toJson()));
  });

  it('returns a fresh object each time, so a caller changing it changes nothing else', () => {
    const service = new CanaryService(chart(), 'podinfo', PODINFO);
    const first = service.apiObject('Deployment').toJson();
    first.spec.template.spec.containers[0].image = 'changed:1';
    first.metadata.labels.extra = 'x';
    expect(service.apiObject('Deployment').toJson().spec.template.spec.containers[0].image).toBe(PODINFO.image);
    expect(JSON.stringify(service.apiObject('Service').toJson())).not.toContain('"extra"');
    expect(JSON.stringify(service.objects)).not.toContain('changed:1');
  });
});

describe('in an App', () => {
  it('synthesises to YAML offline', () => {
    const app = new App({ outdir: 'unused' });
    new CanaryService(new Chart(app, 'shop', { namespace: 'shop' }), 'podinfo', PODINFO);
    const yaml = app.synthYaml();
    expect(yaml).toContain('kind: Canary');
    expect(yaml).toContain('image: ghcr.io/stefanprodan/podinfo:6.7.0');
  });
});
