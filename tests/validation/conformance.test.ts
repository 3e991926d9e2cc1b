/**
 * Conformance of the project's schemas with the upstream CRDs the API server will serve.
 *
 * Flagger kinds are validated with the project's own schemas (packages/validation/flagger), Istio and Argo
 * Rollouts kinds with @kubernetes-models/istio and @kubernetes-models/argo-rollouts, unknown fields rejected
 * throughout. This test runs the same samples through both those validators and the upstream
 * CustomResourceDefinitions in `../shared/crds` (read there, never copied into the project; their
 * `openAPIV3Schema`s compiled here with ajv, closed the way `kubectl apply --validate=strict` treats structural
 * schemas) and requires the same verdict for each sample, except the differences listed in KNOWN_DIFFERENCES,
 * each with its reason.
 *
 * Samples: every Flagger, Istio and Argo Rollouts object the prod, staging and dr stacks render (through the real
 * CLI), the objects of CanaryServices on both engines, and hand-made invalid ones (wrong types, unknown fields,
 * missing required fields, bad enumerations, broken "exactly one of" rules).
 *
 * Without `../shared` (a fresh clone) the test is skipped with one line saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { renderCanaryService, type NamedCanaryServiceProps } from '../../packages/canary';
import type { KubeObject } from '../../packages/shared';
import { validateObject } from '../../packages/validation';
import { crdValidators, strictCrdSchema } from './crd-strict';
import { INVALID_SAMPLES, KNOWN_DIFFERENCES, VALID_BASES, type Sample } from './conformance-samples';

const ROOT = join(__dirname, '..', '..');
const CRDS = join(ROOT, '..', 'shared', 'crds');
const HAVE_CRDS = existsSync(CRDS);
if (!HAVE_CRDS) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED tests/validation/conformance.test.ts: ${CRDS} is absent (upstream CRDs are not part of the project)`);
}

const CUSTOM_GROUPS = /^(flagger\.app|argoproj\.io|[a-z]+\.istio\.io)\//;

/** Every object of a stack rendered by the CLI, from the files it writes. */
function stackObjects(stack: string, out: string): KubeObject[] {
  const dir = join(out, stack);
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'synth', '--stack', stack, '--out', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TMPDIR: out },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`synth --stack ${stack} failed:\n${run.stderr}`);
  const files = readdirSync(join(dir, 'manifests'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, 'manifests', f), 'utf8')).map((d) => d.toJS() as KubeObject));
}

const SERVICE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;
const FULL: Omit<NamedCanaryServiceProps, 'engine'> = {
  ...SERVICE,
  servicePort: 80,
  ingress: { hosts: ['podinfo.example.com'] },
  traffic: { timeout: '15s', retries: { attempts: 2, perTryTimeout: '5s', retryOn: '5xx' } },
  strategy: { kind: 'canary', stepWeights: [5, 25, 50] },
  webhooks: { confirmRollout: true, confirmPromotion: true },
  alerts: [{ name: 'on-call', type: 'slack', secretName: 'slack-webhook', channel: 'on-call', severity: 'error' }],
};
const SERVICES: NamedCanaryServiceProps[] = [
  { ...SERVICE, engine: 'flagger' },
  { ...FULL, engine: 'flagger' },
  { ...SERVICE, engine: 'flagger', strategy: { kind: 'abTesting', iterations: 5, match: [{ kind: 'header', name: 'canary', value: 'true' }] } },
  { ...SERVICE, engine: 'flagger', strategy: { kind: 'blueGreen', iterations: 4, mirrorWeight: 50 } },
  { ...SERVICE, engine: 'argoRollouts' },
  { ...FULL, engine: 'argoRollouts' },
  { ...SERVICE, engine: 'argoRollouts', strategy: { kind: 'abTesting', iterations: 5, match: [{ kind: 'cookie', name: 'canary', value: 'always' }] } },
  { ...SERVICE, engine: 'argoRollouts', strategy: { kind: 'mirror', mirrorWeight: 30, stepWeights: [10, 30, 60] } },
];

const describeWithCrds = HAVE_CRDS ? describe : describe.skip;

describeWithCrds('the project schemas and the upstream CRDs give the same verdicts', () => {
  let out = '';
  let validators: Map<string, ValidateFunction> = new Map();
  const valid: Sample[] = [];

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'conformance-'));
    validators = crdValidators(CRDS, new Ajv({ allErrors: true, strict: false, validateFormats: false }));
    for (const stack of ['prod', 'staging', 'dr']) {
      for (const o of stackObjects(stack, out)) if (CUSTOM_GROUPS.test(o.apiVersion)) valid.push({ name: `${stack}: ${o.kind}/${o.metadata.name}`, object: o });
    }
    valid.push(...VALID_BASES);
    for (const props of SERVICES) {
      for (const o of renderCanaryService(props)) {
        if (CUSTOM_GROUPS.test(o.apiVersion)) valid.push({ name: `${props.engine} ${props.strategy?.kind ?? 'default'}: ${o.kind}/${o.metadata.name}`, object: o });
      }
    }
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const crdVerdict = (o: KubeObject): boolean => {
    const validate = validators.get(`${o.apiVersion} ${o.kind}`);
    if (validate === undefined) throw new Error(`no upstream CRD serves ${o.apiVersion} ${o.kind}`);
    return validate(o);
  };
  const ourVerdict = (o: KubeObject): boolean => validateObject(o).length === 0;

  it('has samples of every kind the platform renders, from every stack and both engines', () => {
    const kinds = new Set(valid.map((s) => `${s.object.apiVersion} ${s.object.kind}`));
    expect([...kinds].sort()).toEqual([
      'argoproj.io/v1alpha1 AnalysisTemplate',
      'argoproj.io/v1alpha1 Rollout',
      'flagger.app/v1beta1 AlertProvider',
      'flagger.app/v1beta1 Canary',
      'flagger.app/v1beta1 MetricTemplate',
      'networking.istio.io/v1 DestinationRule',
      'networking.istio.io/v1 Gateway',
      'networking.istio.io/v1 VirtualService',
      'security.istio.io/v1 PeerAuthentication',
    ]);
    for (const stack of ['prod', 'staging', 'dr']) expect(valid.some((s) => s.name.startsWith(`${stack}: Canary/`))).toBe(true);
  });

  it('accepts every rendered object with both', () => {
    const verdicts = valid.map((s) => ({ sample: s.name, ours: ourVerdict(s.object), upstream: crdVerdict(s.object), problems: validateObject(s.object) }));
    expect(verdicts.filter((v) => !v.ours || !v.upstream)).toEqual([]);
  });

  it.each(INVALID_SAMPLES.map((s) => [s.name, s] as const))('rejects with both: %s', (_name, sample) => {
    const object = sample.object;
    expect({ ours: ourVerdict(object), upstream: crdVerdict(object) }).toEqual({ ours: false, upstream: false });
  });

  it.each(KNOWN_DIFFERENCES.map((d) => [d.name, d] as const))('differs only where documented: %s', (_name, d) => {
    expect({ ours: ourVerdict(d.object), upstream: crdVerdict(d.object) }).toEqual({ ours: d.ours, upstream: d.upstream });
  });

  it('closes the upstream schemas the way strict validation does (a check of the test itself)', () => {
    const schema = strictCrdSchema({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } }, free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } });
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ apiVersion: 'x/v1', kind: 'X', metadata: {}, a: { b: 'c' }, free: { anything: 1 } })).toBe(true);
    expect(validate({ apiVersion: 'x/v1', kind: 'X', metadata: {}, a: { bb: 'c' } })).toBe(false);
    expect(validate({ apiVersion: 'x/v1', kind: 'X', metadata: {}, extra: 1 })).toBe(false);
  });
});
