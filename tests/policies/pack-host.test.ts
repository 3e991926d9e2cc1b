/**
 * The policy pack as Pulumi runs it: `pulumi preview --policy-pack packages/policies` makes the Node.js language host run
 * @pulumi/pulumi's `cmd/run-policy-pack` on the folder (TypeScript through ts-node), which prints the port of the
 * analyzer's gRPC server; the engine then calls GetAnalyzerInfo, Analyze per resource and AnalyzeStack. This test
 * does the same without the Pulumi CLI.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import { baselineObjects } from './fixtures';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const analyzerGrpc = require('@pulumi/pulumi/proto/analyzer_grpc_pb');
const analyzerPb = require('@pulumi/pulumi/proto/analyzer_pb');
const structPb = require('google-protobuf/google/protobuf/struct_pb');
const emptyPb = require('google-protobuf/google/protobuf/empty_pb');
const UNKNOWN_STRING = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

const root = path.join(__dirname, '..', '..');
let child: ChildProcess | undefined;
let client: any;

const call = <T>(method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

const kubeType = (obj: { apiVersion: string; kind: string }) => `kubernetes:${obj.apiVersion.includes('/') ? obj.apiVersion : `core/${obj.apiVersion}`}:${obj.kind}`;
const urnOf = (type: string, name: string) => `urn:pulumi:prod::canary-platform::${type}::${name}`;

function analyzeRequest(type: string, name: string, properties: object): unknown {
  const request = new analyzerPb.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(urnOf(type, name));
  request.setProperties(structPb.Struct.fromJavaScript(properties));
  request.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return request;
}

const diagnostics = (response: any): Array<{ policy: string; message: string; urn: string; level: number }> =>
  response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn(), level: d.getEnforcementlevel() }));

beforeAll(async () => {
  child = spawn(process.execPath, [path.join(root, 'node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js'), '127.0.0.1:0', '.'], { cwd: path.join(root, 'packages', 'policies') });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const port = await new Promise<string>((resolve, reject) => {
    child?.stdout?.once('data', (d) => resolve(String(d).trim()));
    child?.once('exit', (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
  });
  expect(port).toMatch(/^\d+$/);
  client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120000);

afterAll(async () => {
  client?.close();
  // Waits for the host to exit, so no process outlives the test file (and writes into its temporary directory).
  const host = child;
  if (host && host.exitCode === null && host.signalCode === null) {
    await new Promise<void>((resolve) => {
      host.once('exit', () => resolve());
      host.kill();
    });
  }
});

describe('policy pack under the Pulumi policy pack host', () => {
  it('serves the canary-platform pack with one policy per rule', async () => {
    const info: any = await call('getAnalyzerInfo', new emptyPb.Empty());
    expect(info.getName()).toBe('canary-platform');
    expect(info.getVersion()).toBe('0.1.0');
    expect(info.getPoliciesList().map((p: any) => p.getName())).toContain('workload-image-pinned');
    expect(info.getPoliciesList()).toHaveLength(27);
  });

  it('reports a violating resource as mandatory, and nothing for a compliant one or for values unknown in preview', async () => {
    const [deployment] = baselineObjects();
    const type = kubeType(deployment);
    expect(diagnostics(await call('analyze', analyzeRequest(type, 'podinfo', deployment)))).toEqual([]);

    const latest = JSON.parse(JSON.stringify(deployment));
    latest.spec.template.spec.containers[0].image = 'ghcr.io/stefanprodan/podinfo:latest';
    const found = diagnostics(await call('analyze', analyzeRequest(type, 'podinfo', latest)));
    expect(found.map((d) => [d.policy, d.level])).toEqual([['workload-image-pinned', 1]]);
    expect(found[0].message).toContain('apps/Deployment/podinfo: spec.template.spec.containers[0].image ("ghcr.io/stefanprodan/podinfo:latest") uses the mutable tag "latest"');

    const unknown = JSON.parse(JSON.stringify(deployment));
    unknown.spec.template.spec.containers[0].image = UNKNOWN_STRING;
    expect(diagnostics(await call('analyze', analyzeRequest(type, 'podinfo', unknown)))).toEqual([]);
  });

  it('reports a cross-object rule from the stack analysis against the resource', async () => {
    const objects = baselineObjects().filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'podinfo'));
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(
      objects.map((obj) => {
        const resource = new analyzerPb.AnalyzerResource();
        resource.setType(kubeType(obj));
        resource.setName(obj.metadata.name);
        resource.setUrn(urnOf(kubeType(obj), obj.metadata.name));
        resource.setProperties(structPb.Struct.fromJavaScript(obj));
        resource.setOptions(new analyzerPb.AnalyzerResourceOptions());
        return resource;
      }),
    );
    const found = diagnostics(await call('analyzeStack', request));
    expect(found.map((d) => [d.policy, d.urn])).toEqual([['workload-pdb-for-replicas', urnOf('kubernetes:apps/v1:Deployment', 'podinfo')]]);
  });
});
