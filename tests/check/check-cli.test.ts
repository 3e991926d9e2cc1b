/**
 * `canary-platform check <paths...>`: schema and policy validation of any Kubernetes YAML/JSON in one step, with
 * exit codes and a JSON report for CI.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../tools/cli/main';
import type { CheckReport } from '../../tools/cli/check';

const fixtures = (name: string) => path.relative(process.cwd(), path.join(__dirname, 'fixtures', name));
const CLEAN = fixtures('clean');
const VIOLATIONS = fixtures('violations');

async function check(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'canary-platform', 'check', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('canary-platform check', () => {
  it('exits 0 on clean manifests, noting what it skipped and listing waivers', async () => {
    const { code, out, err } = await check(CLEAN);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      `note: skipped ${CLEAN}/kustomization.yaml: a Kustomize build file, not a Kubernetes object`,
      `note: skipped ${CLEAN}/values.yaml#1: no apiVersion/kind: not a Kubernetes object`,
      `waived [workload-no-host-network] ${CLEAN}/node-dns.yaml#1 kube-system/DaemonSet/node-dns (1 finding): "node-local DNS cache answers on the node IP until GKE NodeLocal DNSCache is enabled"`,
      'check passed: 8 files, 11 objects, 1 stack config, 2 skipped; environment prod; 1 waiver',
    ]);
  });

  it('exits non-zero on violations, one line per finding naming file#document, object and field, and the rule ids', async () => {
    const { code, out } = await check(VIOLATIONS);
    expect(code).toBe(1);
    expect(out).toMatchSnapshot();
    expect(out).toContain(
      `error [workload-image-pinned] ${VIOLATIONS}/app.yaml#1 team-a/Deployment/web: spec.template.spec.containers[0].image ("nginx:latest") uses the mutable tag "latest"; pin a version tag (nginx:<version>) or a digest (nginx@sha256:...)`,
    );
    expect(out).toContain(`error [schema] ${VIOLATIONS}/app.yaml#2 team-a/Service/web: spec.ports[0] is missing required field "port"`);
    expect(out).toContain(`error [parse] ${VIOLATIONS}/broken.yaml#1: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 6, column 1`);
    expect(out.at(-1)).toBe(
      'check failed: 14 errors in 3 files, 3 objects, 1 stack config; environment prod; rules: mesh-mtls-strict (1), parse (1), schema (1), secret-no-plaintext (2), waiver-has-reason (1), workload-capabilities-dropped (1), workload-image-pinned (1), workload-no-privileged (1), workload-pdb-for-replicas (1), workload-probes-set (1), workload-read-only-root-filesystem (1), workload-resources-set (1), workload-run-as-non-root (1)',
    );
  });

  it('prints one JSON report for CI with every finding located', async () => {
    const { code, out } = await check(VIOLATIONS, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out.join('\n')) as CheckReport;
    expect(report.ok).toBe(false);
    expect(report.counts).toEqual({ files: 3, objects: 3, stackConfigs: 1, skipped: 0, errors: 14, warnings: 0, waivers: 0 });
    expect(report.findings.find((f) => f.ruleId === 'mesh-mtls-strict')).toEqual({
      ruleId: 'mesh-mtls-strict',
      severity: 'error',
      file: `${VIOLATIONS}/app.yaml`,
      document: 3,
      subject: 'team-a/PeerAuthentication/web',
      path: 'spec.mtls.mode',
      message: '(PERMISSIVE) accepts plaintext traffic in prod; set STRICT (or UNSET to inherit the mesh-wide STRICT policy)',
      remediation: 'Set `spec.mtls.mode: STRICT` (or UNSET to inherit the mesh-wide STRICT policy); move clients that cannot speak mTLS into the mesh.',
    });
    expect(report.findings.find((f) => f.file.endsWith('Pulumi.prod.yaml'))).toMatchObject({ ruleId: 'secret-no-plaintext', subject: 'config::canary-platform:grafanaAdminPassword' });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('reports a clean run as JSON with ok true and the waivers', async () => {
    const { code, out } = await check(CLEAN, '--format', 'json');
    const report = JSON.parse(out.join('\n')) as CheckReport;
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.waivers).toEqual([
      {
        ruleId: 'workload-no-host-network',
        subject: 'kube-system/DaemonSet/node-dns',
        reason: 'node-local DNS cache answers on the node IP until GKE NodeLocal DNSCache is enabled',
        source: 'annotation',
        suppressed: 1,
        file: `${CLEAN}/node-dns.yaml`,
        document: 1,
      },
    ]);
  });

  it('relates objects across files: a PDB in another file covers the workload', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    try {
      const podinfo = fs.readFileSync(path.join(CLEAN, 'podinfo.yaml'), 'utf8').split('---\n');
      const pdb = podinfo.find((doc) => doc.includes('kind: PodDisruptionBudget')) ?? '';
      fs.writeFileSync(path.join(dir, 'workloads.yaml'), podinfo.filter((doc) => doc !== pdb).join('---\n'));
      expect((await check(path.join(dir, 'workloads.yaml'))).code).toBe(1);
      fs.writeFileSync(path.join(dir, 'pdb.yaml'), pdb);
      expect((await check(dir)).code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs prod-only rules only for --environment prod (the default)', async () => {
    const mesh = path.join(VIOLATIONS, 'app.yaml');
    const prod = await check(mesh, '--format', 'json');
    const staging = await check(mesh, '--format', 'json', '--environment', 'staging');
    const ids = (r: { out: string[] }) => (JSON.parse(r.out.join('\n')) as CheckReport).findings.map((f) => f.ruleId);
    expect(ids(prod)).toContain('mesh-mtls-strict');
    expect(ids(staging)).not.toContain('mesh-mtls-strict');
    // A waiver without a reason is refused in every environment, even where its rule does not run.
    expect(ids(staging)).toContain('waiver-has-reason');
  });

  it('rejects a missing path, a bad format and no paths with one clear line each', async () => {
    expect(await check('no/such/dir')).toEqual({ code: 1, out: [], err: ['error: no/such/dir does not exist'] });
    expect(await check(CLEAN, '--format', 'xml')).toEqual({ code: 1, out: [], err: ['error: --format ("xml") must be one of: text, json'] });
    const none = await check();
    expect(none.code).toBe(1);
    expect(none.err[0]).toBe("error: missing required argument 'paths'");
  });
});
