/**
 * The GKE keys of the stack files, validated as `pulumi up` would: every stack passes GKE's API rules, and a
 * broken value is reported against the stack file and the config key, with GKE's rule quoted.
 */
import { parseStackConfig } from '../../stacks/platform/config';
import { platformArgs } from '../../stacks/platform/program';
import { GKE_MAINTENANCE_WINDOW_RULE } from '../../packages/platform/gke';
import { rawStackConfig } from '../support/stack-config';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

// The stack files set alert channels without their webhook secrets: the program warns, as it does for a user.
expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

type Cluster = Record<string, unknown>;

/** The problems of the `stack` file with `change` applied to `canary-platform:cluster`, as lines. */
function problems(stack: string, change: (cluster: Cluster) => Cluster): string[] {
  const { raw, file } = rawStackConfig(stack);
  raw['canary-platform:cluster'] = JSON.stringify(change(JSON.parse(raw['canary-platform:cluster']) as Cluster));
  try {
    parseStackConfig(raw, { file, secretKeys: [] });
    return [];
  } catch (err) {
    return (err as Error).message.split('\n').slice(1).map((line) => line.trim());
  }
}

describe('GKE keys of the stack files', () => {
  it.each(['prod', 'staging', 'dr'])('%s passes every GKE rule checked at validation', (stack) => {
    expect(problems(stack, (c) => c)).toEqual([]);
  });

  it("reports the window GKE refused on prod's first deploy against the stack file, quoting GKE's rule", () =>
    expect(problems('prod', (c) => ({ ...c, maintenanceWindow: { startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T06:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' } }))).toEqual([
      `- Pulumi.prod.yaml: canary-platform:cluster.maintenanceWindow (FREQ=WEEKLY;BYDAY=SA,SU, 4 h from 02:00 UTC) gives 32 h of maintenance availability in the worst 32-day window; GKE requires at least 48 h ("${GKE_MAINTENANCE_WINDOW_RULE}") - widen the window, e.g. endTime 2026-01-03T08:00:00Z (6 h from 02:00 UTC) gives 48 h`,
    ]));

  it('staging inherits the default window, which passes', () => {
    const { raw, file } = rawStackConfig('staging');
    expect(JSON.parse(raw['canary-platform:cluster'])).not.toHaveProperty('maintenanceWindow');
    expect(parseStackConfig(raw, { file, secretKeys: [] }).cluster.maintenanceWindow).toBeUndefined();
  });

  it('reports overlapping ranges and a public authorized network for a private endpoint under their config keys', () =>
    expect(
      problems('prod', (c) => ({
        ...c,
        network: { ...(c.network as object), servicesCidr: '10.20.0.0/20' },
        controlPlaneEndpoint: { kind: 'private' },
        authorizedNetworks: [{ cidr: '10.200.0.0/24', displayName: 'runners' }, { cidr: '34.1.2.0/24', displayName: 'office' }],
      })),
    ).toEqual([
      '- Pulumi.prod.yaml: canary-platform:cluster.network.servicesCidr (10.20.0.0/20) overlaps network.podsCidr (10.20.0.0/14); the node, Pod, Service and control-plane ranges must not overlap',
      '- Pulumi.prod.yaml: canary-platform:cluster.authorizedNetworks[1].cidr (34.1.2.0/24) is a public range; with controlPlaneEndpoint "private" GKE accepts only internal ranges (RFC 1918, 100.64.0.0/10, ...) - list the internal range of your runner or VPN, or use controlPlaneEndpoint "public"',
    ]));

  it('validates the new keys with the schema: exclusions, endpoint kinds, registry projects', () =>
    expect(
      problems('staging', (c) => ({
        ...c,
        controlPlaneEndpoint: { kind: 'private', globalAcess: true },
        maintenanceExclusions: [{ name: 'freeze', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01', scope: 'NO_UPGRADES' }],
        artifactRegistryProjects: ['acme'],
      })),
    ).toEqual([
      '- Pulumi.staging.yaml: canary-platform:cluster.controlPlaneEndpoint.globalAcess is not a known key; known keys: kind, globalAccess',
      '- Pulumi.staging.yaml: canary-platform:cluster.maintenanceExclusions[0].endTime "2026-12-01" must be an RFC 3339 UTC time like 2026-01-03T02:00:00Z',
      '- Pulumi.staging.yaml: canary-platform:cluster.artifactRegistryProjects[0] "acme" must be a GCP project id like acme-canary-prod',
    ]));

  it('passes the new keys through to the platform (exclusions, endpoint, registries)', () => {
    const { raw, file } = rawStackConfig('staging');
    const cluster = JSON.parse(raw['canary-platform:cluster']) as Cluster;
    raw['canary-platform:cluster'] = JSON.stringify({
      ...cluster,
      controlPlaneEndpoint: { kind: 'private', globalAccess: false },
      authorizedNetworks: [{ cidr: '10.200.0.0/24', displayName: 'runners' }],
      maintenanceExclusions: [{ name: 'freeze', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01T00:00:00Z', scope: 'NO_UPGRADES' }],
      artifactRegistryProjects: ['acme-canary-staging', 'acme-images'],
    });
    const args = platformArgs(parseStackConfig(raw, { file, secretKeys: [] })).cluster;
    expect(args).toMatchObject({
      controlPlaneEndpoint: { kind: 'private', globalAccess: false },
      maintenanceExclusions: [{ name: 'freeze', scope: 'NO_UPGRADES' }],
      artifactRegistryProjects: ['acme-canary-staging', 'acme-images'],
    });
  });
});
