/**
 * IPv4 ranges of {@link GkeCluster}: parsing, containment and the GKE and VPC rules the API only checks at apply
 * time (canonical CIDRs, no overlap between the node, Pod, Service and control-plane ranges, a /28 RFC 1918
 * control-plane range, internal authorized networks for a private endpoint).
 */

/** An IPv4 range as numbers: the first address and the prefix length. */
export interface Ipv4Range {
  /** First address, as an unsigned 32-bit number. */
  readonly base: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The range a CIDR names (host bits kept, see {@link isCanonicalCidr}); undefined when it is not an IPv4 CIDR. */
export function parseCidr(value: unknown): Ipv4Range | undefined {
  if (typeof value !== 'string') return undefined;
  const m = CIDR.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/** True when `value` is an IPv4 CIDR such as `10.0.0.0/8`. */
export function isCidr(value: string): boolean {
  return parseCidr(value) !== undefined;
}

function size(r: Ipv4Range): number {
  return 2 ** (32 - r.prefix);
}

/** The network address of the range (host bits cleared). */
export function networkOf(r: Ipv4Range): number {
  return Math.floor(r.base / size(r)) * size(r);
}

/** `10.10.0.0/20` for a range. */
export function formatCidr(base: number, prefix: number): string {
  return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')}/${prefix}`;
}

/** True when the CIDR has no host bits set (`10.10.0.0/20`, not `10.10.0.1/20`). */
export function isCanonicalCidr(r: Ipv4Range): boolean {
  return networkOf(r) === r.base;
}

/** True when the two ranges share an address. */
export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  const aStart = networkOf(a);
  const bStart = networkOf(b);
  return aStart < bStart + size(b) && bStart < aStart + size(a);
}

/** True when `inner` lies inside `outer`. */
export function contains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  const o = networkOf(outer);
  const i = networkOf(inner);
  return i >= o && i + size(inner) <= o + size(outer);
}

const ranges = (cidrs: readonly string[]): Ipv4Range[] => cidrs.map((c) => parseCidr(c) as Ipv4Range);

/** RFC 1918 private ranges: where GKE's control-plane range must lie. */
export const RFC1918_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/**
 * Ranges VPC treats as internal (RFC 1918, RFC 6598 shared space and the reserved ranges VPC accepts for
 * subnets). With a private endpoint GKE accepts only such ranges as authorized networks.
 * @see https://cloud.google.com/vpc/docs/subnets#valid-ranges
 */
export const INTERNAL_RANGES = [
  ...RFC1918_RANGES,
  '100.64.0.0/10',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '240.0.0.0/4',
] as const;

/** True when `r` lies entirely inside one of `within`. */
export function insideAny(r: Ipv4Range, within: readonly string[]): boolean {
  return ranges(within).some((outer) => contains(outer, r));
}

/** The four ranges of the VPC address plan, every one filled in. */
export interface ResolvedNetworkPlan {
  readonly subnetCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  readonly masterCidr: string;
}

/** A problem relative to the network fields: path and message. */
export interface NetworkProblem {
  readonly path: string;
  readonly message: string;
}

const PLAN_FIELDS = ['subnetCidr', 'podsCidr', 'servicesCidr', 'masterCidr'] as const;

/** Every problem of the address plan: invalid or non-canonical CIDRs, overlaps, the control-plane range rules. */
export function networkPlanProblems(plan: ResolvedNetworkPlan): NetworkProblem[] {
  const problems: NetworkProblem[] = [];
  const parsed = new Map<(typeof PLAN_FIELDS)[number], Ipv4Range>();
  for (const key of PLAN_FIELDS) {
    const path = `network.${key}`;
    const r = parseCidr(plan[key]);
    if (!r) {
      problems.push({ path, message: `(${String(plan[key])}) must be an IPv4 CIDR like 10.0.0.0/16` });
      continue;
    }
    if (!isCanonicalCidr(r)) {
      problems.push({ path, message: `(${plan[key]}) has host bits set; GCP expects the network address: ${formatCidr(networkOf(r), r.prefix)}` });
      continue;
    }
    parsed.set(key, r);
  }
  const master = parsed.get('masterCidr');
  if (master && master.prefix !== 28) problems.push({ path: 'network.masterCidr', message: `(${plan.masterCidr}) must be a /28 range` });
  if (master && !insideAny(master, RFC1918_RANGES)) {
    problems.push({ path: 'network.masterCidr', message: `(${plan.masterCidr}) must lie in RFC 1918 space (${RFC1918_RANGES.join(', ')})` });
  }
  PLAN_FIELDS.forEach((key, i) => {
    const r = parsed.get(key);
    if (!r) return;
    for (const earlier of PLAN_FIELDS.slice(0, i)) {
      const other = parsed.get(earlier);
      if (other && overlaps(r, other)) {
        problems.push({
          path: `network.${key}`,
          message: `(${plan[key]}) overlaps network.${earlier} (${plan[earlier]}); the node, Pod, Service and control-plane ranges must not overlap`,
        });
      }
    }
  });
  return problems;
}
