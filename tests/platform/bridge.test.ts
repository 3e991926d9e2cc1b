import { installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { deployCanaryChart, synthesizeChart } from '../../packages/platform/bridge';

function demoChart(): Chart {
  const chart = new Chart(new App(), 'demo', { namespace: 'demo' });
  new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'podinfo' }, spec: { ports: [{ port: 9898 }] } });
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'podinfo' }, data: { b: '2', a: '1' } });
  return chart;
}

describe('synthesizeChart', () => {
  it('returns the chart objects with sorted keys in a stable order', () => {
    const objects = synthesizeChart(demoChart());
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap/demo/podinfo', 'Service/demo/podinfo']);
    expect(Object.keys(objects[0].data as object)).toEqual(['a', 'b']);
    expect(JSON.stringify(synthesizeChart(demoChart()))).toBe(JSON.stringify(objects));
  });
});

describe('deployCanaryChart', () => {
  const monitor = installRecordingMonitor();
  let graph: ResourceGraph;

  beforeAll(async () => {
    const provider = new k8s.Provider('cluster', { kubeconfig: pulumi.secret('{}') });
    const platformReady = new k8s.core.v1.Namespace('platform-ready', { metadata: { name: 'flagger-system' } }, { provider });
    const parent = new pulumi.ComponentResource('test:index:Parent', 'parent');
    deployCanaryChart('demo', demoChart(), { provider, dependsOn: [platformReady], parent });
    graph = await monitor.settle();
  });

  it('hands the synthesised objects to one yaml/v2 ConfigGroup with the provider, parent and dependency', () => {
    const group = graph.one('kubernetes:yaml/v2:ConfigGroup', 'demo');
    expect(group.inputs.objs).toEqual(synthesizeChart(demoChart()));
    expect(graph.parentOf(group)?.name).toBe('parent');
    expect(graph.dependsOn(group, graph.one('kubernetes:core/v1:Namespace', 'platform-ready'))).toBe(true);
  });
});
