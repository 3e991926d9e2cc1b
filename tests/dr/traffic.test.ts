/**
 * The traffic program (`stacks/traffic`) under mocks: one A record per domain and per wildcard in the standby's
 * zone with its TTL, pointing at the gateway of the stack that serves (the primary until `state: serving`),
 * read through that stack's kubeconfig; both stacks' references and providers always declared, so a switch
 * deletes nothing.
 */
import type * as pulumi from '@pulumi/pulumi';
import { isValidationError } from '../../packages/shared';
import { recordSuffix, trafficRecordNames, validateTrafficRecordsArgs } from '../../packages/platform/standby';
import { parseStackConfig, StackConfig } from '../../stacks/platform/config';
import { buildTraffic, clusterGatewayAddress, servingStack } from '../../stacks/traffic/program';
import { defaultMocks, installRecordingMonitor, ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';

function dr(state: string, traffic = true): StackConfig {
  const { raw, file } = rawStackConfig('dr');
  const standby = JSON.parse(raw['canary-platform:standby']) as Record<string, unknown>;
  if (!traffic) delete standby.traffic;
  raw['canary-platform:standby'] = JSON.stringify({ ...standby, state });
  return parseStackConfig(raw, { file, secretKeys: [] });
}

/** Mocks: the cluster stacks export a kubeconfig; each gateway Service has a load balancer address. */
const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    if (args.type === 'pulumi:pulumi:StackReference') {
      const name = String((args.inputs as { name: string }).name);
      return { id: name, state: { name, outputs: { kubeconfig: `kubeconfig of ${name}` }, secretOutputNames: [] } };
    }
    if (args.type === 'kubernetes:core/v1:Service') {
      return { id: String(args.id), state: { status: { loadBalancer: { ingress: [{ ip: args.name === 'gateway-prod' ? '34.90.0.1' : '35.190.0.2' }] } } } };
    }
    return defaultMocks.newResource(args);
  },
  call: (args) => defaultMocks.call(args),
};

describe('servingStack and the records', () => {
  it('points at the primary until the standby serves', () => {
    expect(servingStack(dr('standby'), 'dr')).toBe('prod');
    expect(servingStack(dr('scaled'), 'dr')).toBe('prod');
    expect(servingStack(dr('serving'), 'dr')).toBe('dr');
  });

  it('names a record per domain and per wildcard', () => {
    expect(trafficRecordNames(['prod.canary.example.com'])).toEqual(['prod.canary.example.com.', '*.prod.canary.example.com.']);
    expect(recordSuffix('*.prod.canary.example.com.')).toBe('wildcard-prod-canary-example-com');
    expect(validateTrafficRecordsArgs('x', { project: 'p', managedZone: 'z', domains: [], ttlSeconds: 600 }).map((p) => `${p.path} ${p.message}`)).toEqual([
      'domains (empty) must name at least one domain',
      'ttlSeconds (600) must be 5-300 seconds: a failover waits for it',
    ]);
  });

  it('refuses a standby without traffic settings, naming the key', () => {
    try {
      servingStack(dr('standby', false), 'dr');
      throw new Error('no error');
    } catch (err) {
      expect(isValidationError(err) && err.problems.map((p) => `${p.path} ${p.message}`)).toEqual([
        'canary-platform:standby.traffic is required by the traffic project (canary-platform-traffic): it holds the records of a standby pair',
      ]);
    }
  });
});

describe('the traffic program, mocked', () => {
  const monitor = installRecordingMonitor({ mocks, project: 'canary-platform-traffic', stack: 'dr' });
  let graph: ResourceGraph;
  let address: string;

  beforeAll(async () => {
    const outputs = buildTraffic(dr('standby'), 'dr', clusterGatewayAddress(['prod', 'dr'], 'organization'));
    address = await new Promise((done) => outputs.address.apply((a) => done(a)));
    graph = await monitor.settle();
  });

  it("points both records at the primary's gateway, with the standby's zone and TTL", () => {
    expect(address).toBe('34.90.0.1');
    for (const [name, record] of [
      ['dr-traffic-prod-canary-example-com', 'prod.canary.example.com.'],
      ['dr-traffic-wildcard-prod-canary-example-com', '*.prod.canary.example.com.'],
    ]) {
      expect(graph.one('gcp:dns/recordSet:RecordSet', name).inputs).toEqual({
        project: 'acme-canary-prod',
        managedZone: 'canary-example-com',
        name: record,
        type: 'A',
        ttl: 30,
        rrdatas: ['34.90.0.1'],
      });
    }
  });

  it('declares a reference and a provider for both stacks, so switching deletes nothing', () => {
    expect(graph.ofType('pulumi:providers:kubernetes').map((p) => p.name).sort()).toEqual(['k8s-dr', 'k8s-prod']);
    expect(graph.ofType('canary-platform:standby:TrafficRecords').map((r) => r.name)).toEqual(['dr-traffic']);
  });
});
