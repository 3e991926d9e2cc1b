/**
 * The real seams of a failover: Pulumi's Automation API for the stacks, gcloud for Backup for GKE, kubectl and
 * HTTPS for the probes. Loaded only for a real run (a dry run never loads it). Needs the Pulumi CLI, gcloud and
 * kubectl (with gke-gcloud-auth-plugin) on PATH; none of it has run against GCP from this repository's CI, so
 * the first drill proves it (docs/disaster-recovery.md).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISTIO_DEFAULTS } from '../../packages/platform/istio';
import { PLATFORM_CONTRACT } from '../../packages/shared';
import { UsageError } from '../shared/errors';
import { findPulumiCli } from '../rebuild/pulumi-workspace';
import type { StandbyPair } from './pair';
import type { BackupRef, BackupRestores, FailoverProbes, FailoverStack, FailoverWorkspace, RestoreRef, RestoreState } from './workspace';

/** The gateway Service the probes and the traffic records read (the istio gateway chart names it after its release). */
export const GATEWAY_SERVICE = { namespace: PLATFORM_CONTRACT.ingressNamespace, name: ISTIO_DEFAULTS.releases.gateway } as const;

/** How long a restore and the readiness wait may take before the step fails (it can be resumed). */
export const WAIT_LIMITS = { restoreMs: 90 * 60_000, readyMs: 15 * 60_000, pollMs: 15_000 } as const;

function run(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.slice(0, 4).join(' ')}: ${String(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `projects/<p>/locations/<l>/<kind>/<name>` split into gcloud flags. */
export function resourceFlags(name: string, kind: 'backupPlans' | 'restorePlans'): { project: string; location: string; plan: string } {
  const m = new RegExp(`^projects/([^/]+)/locations/([^/]+)/${kind}/([^/]+)$`).exec(name);
  if (!m) throw new UsageError(`${name} is not a ${kind} name (projects/<p>/locations/<l>/${kind}/<name>)`);
  return { project: m[1], location: m[2], plan: m[3] };
}

/** The restores gcloud lists (JSON), as {@link RestoreRef}s. */
export function parseRestores(json: string): RestoreRef[] {
  const list = JSON.parse(json) as Array<{ name?: string; backup?: string; state?: string }>;
  return list.map((r) => ({ name: String(r.name ?? '').split('/').pop() ?? '', backup: String(r.backup ?? ''), state: (r.state ?? 'IN_PROGRESS') as RestoreState }));
}

/** Backup for GKE through gcloud (`gcloud container backup-restore ...`). */
export function gcloudRestores(): BackupRestores {
  const restorePlanFlags = (restorePlan: string): string[] => {
    const f = resourceFlags(restorePlan, 'restorePlans');
    return [`--project=${f.project}`, `--location=${f.location}`, `--restore-plan=${f.plan}`];
  };
  const describe = async (restorePlan: string, name: string): Promise<{ state: RestoreState; stateReason?: string }> =>
    JSON.parse(await run('gcloud', ['container', 'backup-restore', 'restores', 'describe', name, ...restorePlanFlags(restorePlan), '--format=json'])) as {
      state: RestoreState;
      stateReason?: string;
    };
  return {
    async latestBackup(backupPlan): Promise<BackupRef | undefined> {
      const f = resourceFlags(backupPlan, 'backupPlans');
      const out = await run('gcloud', [
        'container', 'backup-restore', 'backups', 'list', `--project=${f.project}`, `--location=${f.location}`, `--backup-plan=${f.plan}`,
        '--filter=state=SUCCEEDED', '--sort-by=~createTime', '--limit=1', '--format=json',
      ]);
      const [latest] = JSON.parse(out) as Array<{ name: string; createTime: string }>;
      return latest ? { name: latest.name, createTime: latest.createTime } : undefined;
    },
    async restores(restorePlan) {
      return parseRestores(await run('gcloud', ['container', 'backup-restore', 'restores', 'list', ...restorePlanFlags(restorePlan), '--format=json']));
    },
    async createRestore(restorePlan, name, backup) {
      await run('gcloud', ['container', 'backup-restore', 'restores', 'create', name, ...restorePlanFlags(restorePlan), `--backup=${backup}`, '--async']);
    },
    async waitRestore(restorePlan, name) {
      const until = Date.now() + WAIT_LIMITS.restoreMs;
      for (;;) {
        const r = await describe(restorePlan, name);
        if (r.state === 'SUCCEEDED' || r.state === 'FAILED' || r.state === 'DELETING') return { state: r.state, detail: r.stateReason ?? r.state };
        if (Date.now() > until) return { state: r.state, detail: `still ${r.state} after ${WAIT_LIMITS.restoreMs / 60_000} min; run the command again to keep waiting` };
        await sleep(WAIT_LIMITS.pollMs);
      }
    },
  };
}

/**
 * The Automation API on the stack projects (`stacks/layers/<layer>`, `stacks/traffic`).
 * @throws UsageError when the Pulumi CLI is not on PATH
 */
export function failoverWorkspace(env: NodeJS.ProcessEnv = process.env): FailoverWorkspace {
  if (findPulumiCli(env) === undefined) {
    throw new UsageError('a real failover needs the Pulumi CLI, and `pulumi` is not on PATH (install: https://www.pulumi.com/docs/install/). Use --dry-run to see the plan without it.');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LocalWorkspace } = require('@pulumi/pulumi/automation') as typeof import('@pulumi/pulumi/automation');
  return {
    async selectStack(target): Promise<FailoverStack> {
      return LocalWorkspace.createOrSelectStack({ stackName: target.stack, workDir: target.projectDir });
    },
  };
}

/** A stack's kubeconfig (its cluster layer's secret output) in a private temporary file; `done` removes it. */
async function kubeconfigFile(rootDir: string, stack: string): Promise<{ path: string; done: () => void }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LocalWorkspace } = require('@pulumi/pulumi/automation') as typeof import('@pulumi/pulumi/automation');
  const cluster = await LocalWorkspace.selectStack({ stackName: stack, workDir: join(rootDir, 'stacks', 'layers', 'cluster') });
  const outputs = await cluster.outputs();
  const kubeconfig = outputs.kubeconfig?.value;
  if (typeof kubeconfig !== 'string') throw new Error(`canary-platform-cluster/${stack} has no kubeconfig output`);
  const dir = mkdtempSync(join(tmpdir(), 'canary-failover-'));
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, kubeconfig, { mode: 0o600 });
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Does anything answer HTTPS on `address` for `host` within 5 s (any status counts)? */
function answers(address: string, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Any answer counts, so the certificate is not checked; the signal ends a request that hangs.
    const options = { host: address, servername: host, headers: { host }, path: '/', method: 'HEAD', rejectUnauthorized: false, signal: AbortSignal.timeout(5000) };
    const req = request(options, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode} from ${address}`);
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Probes through each stack's kubeconfig (kubectl) and its gateway address (HTTPS). */
export function clusterProbes(rootDir: string, pair: StandbyPair, _workspace: FailoverWorkspace): FailoverProbes {
  const host = pair.standby.config.domains[0];
  const kubectl = (kubeconfig: string, args: readonly string[]): Promise<string> => run('kubectl', [`--kubeconfig=${kubeconfig}`, '--request-timeout=10s', ...args], 30_000);
  return {
    async sourceServing(stack) {
      let config: { path: string; done: () => void } | undefined;
      try {
        config = await kubeconfigFile(rootDir, stack);
        const ip = (await kubectl(config.path, ['-n', GATEWAY_SERVICE.namespace, 'get', 'svc', GATEWAY_SERVICE.name, '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'])).trim();
        if (ip === '') return { serving: false, detail: 'its gateway has no load balancer address' };
        for (let attempt = 0; attempt < 3; attempt++) {
          const answer = await answers(ip, host);
          if (answer) return { serving: true, detail: answer };
        }
        return { serving: false, detail: `its gateway ${ip} does not answer (3 attempts, 5 s each)` };
      } catch (err) {
        return { serving: false, detail: `its control plane does not answer (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
      } finally {
        config?.done();
      }
    },
    async servicesReady(stack, services) {
      const config = await kubeconfigFile(rootDir, stack);
      try {
        const until = Date.now() + WAIT_LIMITS.readyMs;
        for (;;) {
          const waiting: string[] = [];
          for (const service of services) {
            const [namespace, name] = service.id.split('/');
            const available = Number((await kubectl(config.path, ['-n', namespace, 'get', 'deploy', `${name}-primary`, '-o', 'jsonpath={.status.availableReplicas}'])).trim() || '0');
            const phase = (await kubectl(config.path, ['-n', namespace, 'get', 'canary', name, '-o', 'jsonpath={.status.phase}'])).trim();
            if (available < service.replicas) waiting.push(`${service.id} ${available}/${service.replicas} available`);
            else if (!['Initialized', 'Succeeded'].includes(phase)) waiting.push(`${service.id} canary ${phase || 'without status'}`);
          }
          if (waiting.length === 0) return { ready: true, detail: `${services.length} service(s) at production minimum, canaries steady` };
          if (Date.now() > until) return { ready: false, detail: `${waiting.join('; ')} after ${WAIT_LIMITS.readyMs / 60_000} min` };
          await sleep(WAIT_LIMITS.pollMs);
        }
      } finally {
        config.done();
      }
    },
  };
}
