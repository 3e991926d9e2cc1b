/**
 * Where each masked value (`[secret]`) of a Secret or a Helm release comes from, for the GitOps tree: a secret
 * stack key (its offline placeholder), a plain value the program wrote into a Secret, or a secret the program
 * computed. Reads the wire form of the inputs, so it lives with the offline engine.
 */
import type { SecretOrigin, SecretOrigins } from '../gitops/types';
import type { ProgramRun } from './engine';
import { secretPlaceholder, type StackConfig } from './stack-files';
import { WIRE } from './wire-values';

/** Types whose inputs the tree carries: Kubernetes Secrets and Helm releases. */
const SECRET_TYPE = 'kubernetes:core/v1:Secret';
const HELM_TYPES: ReadonlySet<string> = new Set(['kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v4:Chart']);

function unwrapSecret(value: unknown): { secret: boolean; inner: unknown } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const sig = obj[WIRE.sigKey];
    if (sig === WIRE.secret) return { secret: true, inner: obj.value };
    if (sig === WIRE.outputValue) return { secret: obj.secret === true, inner: obj.value };
  }
  return { secret: false, inner: value };
}

/** The origins for one run: only values that are masked get an entry. */
export function secretOrigins(run: ProgramRun, stackConfig: StackConfig | undefined): SecretOrigins {
  const keyOf = new Map<string, string>();
  for (const key of stackConfig?.secretKeys ?? []) keyOf.set(secretPlaceholder(key, ''), key);
  const known = [...run.secretStrings];
  const origin = (text: string): SecretOrigin | undefined => {
    const key = keyOf.get(text);
    if (key !== undefined) return { kind: 'config', key };
    return known.some((s) => s.length >= 6 && text.includes(s)) ? { kind: 'computed' } : undefined;
  };
  const out = new Map<string, Map<string, SecretOrigin>>();
  for (const r of run.registrations) {
    const isSecret = r.type === SECRET_TYPE;
    if (!isSecret && !HELM_TYPES.has(r.type)) continue;
    const found = new Map<string, SecretOrigin>();
    const walk = (value: unknown, path: readonly (string | number)[], inSecret: boolean): void => {
      const { secret, inner } = unwrapSecret(value);
      const masked = inSecret || secret;
      if (typeof inner === 'string') {
        // Secret data is masked whatever it holds (the SDK wraps all of it as a secret): a value there that is no
        // known secret is the program's plain literal. Elsewhere, a masked value of unknown origin is computed.
        const isData = isSecret && path.length === 2 && (path[0] === 'data' || path[0] === 'stringData');
        const o = origin(inner) ?? (isData ? { kind: 'literal' as const, value: inner } : masked ? { kind: 'computed' as const } : undefined);
        if (o !== undefined) found.set(JSON.stringify(path), o);
        return;
      }
      if (Array.isArray(inner)) inner.forEach((v, i) => walk(v, [...path, i], masked));
      else if (inner !== null && typeof inner === 'object') for (const [k, v] of Object.entries(inner)) walk(v, [...path, k], masked);
    };
    for (const field of isSecret ? ['data', 'stringData'] : ['values']) walk(r.wireInputs[field], [field], false);
    if (found.size > 0) out.set(r.urn, found);
  }
  return out;
}
