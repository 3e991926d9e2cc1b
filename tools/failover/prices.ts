/**
 * What a stack's nodes cost per month, from one dated price table, so the standby's trade-off (money against
 * failover time) is visible in `failover --dry-run`. Pure data and arithmetic.
 *
 * Prices are on-demand list prices in USD, as published on the pages below and written down on the date below.
 * They are approximate: they were not re-read online when recorded (the machine that wrote them had no internet
 * access) and are never fetched at run time (this tool works offline). Re-check them before budgeting, and add
 * your machine types.
 */
import type { StackConfig } from '../../stacks/platform/config';
import { GKE_CLUSTER_DEFAULTS } from '../../packages/platform/gke';

/** Hours in a month, as Google's price pages count them. */
export const HOURS_PER_MONTH = 730;

/** The price table: where it comes from, when it was recorded, and the prices. */
export const PRICE_TABLE = {
  recorded: '2026-12-04',
  currency: 'USD',
  note: 'approximate on-demand list prices, not re-read online when recorded; check them before budgeting',
  sources: [
    'https://cloud.google.com/compute/vm-instance-pricing (on-demand, Linux; E2 and N2 predefined machine types)',
    'https://cloud.google.com/compute/disks-image-pricing (pd-balanced, pd-ssd, pd-standard per GiB-month)',
    'https://cloud.google.com/kubernetes-engine/pricing (cluster management fee per cluster-hour)',
  ],
  /** The GKE cluster management fee, per cluster-hour (Standard; the free tier credit is left out). */
  clusterFeePerHour: 0.1,
  /** Machine types: on-demand price per hour, by region. */
  machinesPerHour: {
    'europe-west1': {
      'e2-standard-2': 0.0737,
      'e2-standard-4': 0.1474,
      'e2-standard-8': 0.2948,
      'n2-standard-2': 0.1068,
      'n2-standard-4': 0.2137,
      'n2-standard-8': 0.4273,
      'n2-standard-16': 0.8547,
    },
    'europe-west4': {
      'e2-standard-2': 0.0738,
      'e2-standard-4': 0.1476,
      'e2-standard-8': 0.2952,
      'n2-standard-2': 0.1070,
      'n2-standard-4': 0.2140,
      'n2-standard-8': 0.4280,
      'n2-standard-16': 0.8560,
    },
  } as Readonly<Record<string, Readonly<Record<string, number>>>>,
  /** Boot disks: price per GiB-month, by disk type. */
  diskPerGibMonth: { 'pd-balanced': 0.11, 'pd-ssd': 0.187, 'pd-standard': 0.044 } as Readonly<Record<string, number>>,
} as const;

/** One node pool's share of the bill. */
export interface PoolCost {
  readonly pool: string;
  readonly machineType: string;
  /** Nodes counted: nodes per zone times zones. */
  readonly nodes: number;
  /** USD per month, or undefined when the machine type has no price in the table for the region. */
  readonly perMonth?: number;
}

/** A stack's monthly cost at its node pools' minimum size. */
export interface StackCost {
  readonly region: string;
  readonly pools: readonly PoolCost[];
  /** Nodes counted in total. */
  readonly nodes: number;
  /** Nodes, boot disks and the cluster fee, USD per month (the priced part only). */
  readonly perMonth: number;
  /** Machine types without a price for the region (their nodes are not in `perMonth`). */
  readonly unpriced: readonly string[];
}

/** Node pools as the cost needs them. */
type PricedPool = Pick<StackConfig['cluster']['nodePools'][number], 'name' | 'machineType' | 'minNodes' | 'diskSizeGb' | 'diskType'>;

/**
 * What `pools` cost per month at their minimum (nodes per zone x zones): machine hours, boot disks and one
 * cluster fee. Not included: persistent volumes, load balancers, network egress, Cloud Storage, logging.
 */
export function monthlyCost(region: string, zones: number, pools: readonly PricedPool[], table = PRICE_TABLE): StackCost {
  const machines = table.machinesPerHour[region] ?? {};
  const d = GKE_CLUSTER_DEFAULTS.nodePool;
  const costs: PoolCost[] = pools.map((pool) => {
    const machineType = pool.machineType ?? d.machineType;
    const nodes = pool.minNodes * zones;
    const hourly = machines[machineType];
    const disk = (pool.diskSizeGb ?? d.diskSizeGb) * (table.diskPerGibMonth[pool.diskType ?? d.diskType] ?? 0);
    return { pool: pool.name, machineType, nodes, ...(hourly !== undefined ? { perMonth: nodes * (hourly * HOURS_PER_MONTH + disk) } : {}) };
  });
  return {
    region,
    pools: costs,
    nodes: costs.reduce((sum, p) => sum + p.nodes, 0),
    perMonth: costs.reduce((sum, p) => sum + (p.perMonth ?? 0), 0) + table.clusterFeePerHour * HOURS_PER_MONTH,
    unpriced: [...new Set(costs.filter((p) => p.perMonth === undefined).map((p) => p.machineType))],
  };
}

/** `$1,234` */
export function formatUsd(amount: number): string {
  return `$${Math.round(amount).toLocaleString('en-US')}`;
}
