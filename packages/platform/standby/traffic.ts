/**
 * `TrafficRecords`: the Cloud DNS records that send a stack's domains to one gateway address: an A record for
 * each domain and one for its wildcard, with a short TTL. A failover changes the address (by configuration and
 * an `up` of the stack that holds the records), never the records' existence.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { objectProblems, Problem, ValidationError } from '../../shared';
import { STANDBY_DEFAULTS } from './args';

/** Arguments of {@link TrafficRecords}. */
export interface TrafficRecordsArgs {
  /** GCP project of the managed zone. */
  readonly project: string;
  /** The Cloud DNS managed zone holding the domains, for example `canary-example-com`. */
  readonly managedZone: string;
  /** The domains served (each gets a record for itself and for `*.<domain>`), for example `['prod.canary.example.com']`. */
  readonly domains: readonly string[];
  /** TTL of the records, seconds (5-300). @default 60 */
  readonly ttlSeconds?: number;
  /** The IPv4 address the records point at: the serving gateway's load balancer. */
  readonly address: pulumi.Input<string>;
}

/** The record names for `domains`, fully qualified: each domain, then its wildcard. */
export function trafficRecordNames(domains: readonly string[]): string[] {
  return domains.flatMap((d) => [`${d}.`, `*.${d}.`]);
}

/** A stable child-name suffix for a record name: `*.prod.canary.example.com.` -> `wildcard-prod-canary-example-com`. */
export function recordSuffix(recordName: string): string {
  return recordName.replace(/\.$/, '').replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
}

/** Every problem with `args` (paths relative to the args); empty when valid. */
export function validateTrafficRecordsArgs(name: string, args: Omit<TrafficRecordsArgs, 'address'>): Problem[] {
  const notAnObject = objectProblems(name, { args: args });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  if (args.domains.length === 0) problems.push({ subject: name, path: 'domains', message: '(empty) must name at least one domain' });
  const ttl = args.ttlSeconds ?? STANDBY_DEFAULTS.ttlSeconds;
  if (!Number.isInteger(ttl) || ttl < 5 || ttl > 300) {
    problems.push({ subject: name, path: 'ttlSeconds', message: `(${ttl}) must be 5-300 seconds: a failover waits for it` });
  }
  return problems;
}

/** Settings of one A record (pure). */
export function trafficRecordSettings(args: TrafficRecordsArgs, recordName: string): gcp.dns.RecordSetArgs {
  return {
    project: args.project,
    managedZone: args.managedZone,
    name: recordName,
    type: 'A',
    ttl: args.ttlSeconds ?? STANDBY_DEFAULTS.ttlSeconds,
    rrdatas: [args.address],
  };
}

/** The traffic records of a standby pair. Type token `canary-platform:standby:TrafficRecords`. */
export class TrafficRecords extends pulumi.ComponentResource {
  /** The records, in the order of {@link trafficRecordNames}. */
  readonly records: readonly gcp.dns.RecordSet[];
  /** The fully qualified names of the records. */
  readonly names: readonly string[];

  constructor(name: string, args: TrafficRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:standby:TrafficRecords', name, {}, opts);
    const problems = validateTrafficRecordsArgs(name, args);
    if (problems.length > 0) throw new ValidationError(`TrafficRecords ${name}: invalid arguments`, problems);
    this.names = trafficRecordNames(args.domains);
    this.records = this.names.map(
      (recordName) => new gcp.dns.RecordSet(`${name}-${recordSuffix(recordName)}`, trafficRecordSettings(args, recordName), { parent: this }),
    );
    this.registerOutputs({ names: this.names });
  }
}
