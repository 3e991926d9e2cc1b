/**
 * `canary-platform check` rejects unknown fields of built-in kinds, naming each, as `kubectl apply
 * --validate=strict` does (synth validates its manifests with the same validateObject).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  replicaz: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwrok: true
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: apps}
dataa: {a: b}
`;

describe('check: unknown fields of built-in kinds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strict-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects spec.replicaz, hostNetwrok in a pod spec and dataa on a ConfigMap, naming each field', () => {
    writeFileSync(join(dir, 'bad.yaml'), MANIFESTS);
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'check', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', TMPDIR: dir },
      timeout: 120_000,
    });
    expect(run.status).toBe(1);
    const schemaLines = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes('is not a field of'));
    expect(schemaLines.map((l) => l.slice(l.indexOf('#')))).toEqual([
      '#1 apps/Deployment/web: spec.replicaz is not a field of Deployment (apps/v1); did you mean "replicas"?',
      '#1 apps/Deployment/web: spec.template.spec.hostNetwrok is not a field of Deployment (apps/v1); did you mean "hostNetwork"?',
      '#2 apps/ConfigMap/cfg: dataa is not a field of ConfigMap (v1); did you mean "data"?',
    ]);
  });
});
