/**
 * Turns the values a Pulumi program sends to its resource monitor (the protobuf `Struct` as plain JavaScript,
 * with Pulumi's special signature objects for secrets, resource references, assets and unknowns) into plain
 * data that is safe to write: every secret replaced by {@link SECRET_PLACEHOLDER}.
 *
 * The signature constants are part of Pulumi's wire protocol (`@pulumi/pulumi/runtime/rpc`); they live in
 * `pulumi-internals.ts`, where a test pins them against the installed SDK.
 */
import { WIRE } from './pulumi-internals';

/** Pulumi's wire-protocol signatures (defined in `pulumi-internals.ts`). */
export { WIRE };

/** The text every secret value becomes in written output. */
export const SECRET_PLACEHOLDER = '[secret]';

/** The text an unknown (not yet computed) value becomes. Offline renders resolve everything, so rare. */
export const UNKNOWN_PLACEHOLDER = '[unknown]';

/** Secret strings shorter than this are not searched for in other values (too likely to match by chance). */
const MIN_SECRET_LENGTH = 6;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function signatureOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const sig = (value as Record<string, unknown>)[WIRE.sigKey];
  return typeof sig === 'string' ? sig : undefined;
}

/**
 * Collects every secret string in a wire value: scalars wrapped directly as secrets. Strings inside a secret
 * that wraps a whole object are not collected (they include ordinary values such as namespaces).
 */
export function collectSecretStrings(value: unknown, into: Set<string>): void {
  const sig = signatureOf(value);
  const obj = value as Record<string, unknown>;
  if (sig === WIRE.secret) {
    const inner = obj.value;
    if (typeof inner === 'string') {
      if (inner.length >= MIN_SECRET_LENGTH) into.add(inner);
    } else {
      collectSecretStrings(inner, into);
    }
    return;
  }
  if (sig === WIRE.outputValue && obj.secret === true && typeof obj.value === 'string') {
    if (obj.value.length >= MIN_SECRET_LENGTH) into.add(obj.value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectSecretStrings(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(obj)) collectSecretStrings(v, into);
  }
}

/**
 * A masker built from every secret string known for one render. {@link Masker.value} turns a wire value into
 * plain, key-sorted data:
 * - a secret scalar becomes `[secret]`; a secret object or list keeps its shape, with its leaves masked as below;
 * - any string containing a known secret string has that part replaced by `[secret]`;
 * - a resource reference becomes its URN; an asset or archive its path, text or URI; unknowns `[unknown]`.
 */
export class Masker {
  private readonly secrets: readonly string[];

  constructor(secretStrings: Iterable<string>) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(secretStrings)]
      .filter((s) => s.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** Every secret string this masker knows, longest first. */
  get knownSecrets(): readonly string[] {
    return this.secrets;
  }

  /** Replaces every known secret inside `text` by `[secret]`. */
  text(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(SECRET_PLACEHOLDER);
    }
    return out;
  }

  /** The first known secret found in `text`, if any (used as a last check on every written file). */
  findSecretIn(text: string): string | undefined {
    return this.secrets.find((s) => text.includes(s));
  }

  /** Masks a wire value (see the class description). */
  value(value: unknown): Json {
    const sig = signatureOf(value);
    const obj = value as Record<string, unknown>;
    switch (sig) {
      case WIRE.secret:
        return isScalar(obj.value) ? SECRET_PLACEHOLDER : this.value(obj.value);
      case WIRE.resource:
        return typeof obj.urn === 'string' ? obj.urn : UNKNOWN_PLACEHOLDER;
      case WIRE.asset:
      case WIRE.archive:
        return this.describeAsset(obj);
      case WIRE.outputValue:
        if (obj.secret === true) return isScalar(obj.value) ? SECRET_PLACEHOLDER : this.value(obj.value);
        return 'value' in obj ? this.value(obj.value) : UNKNOWN_PLACEHOLDER;
      default:
        break;
    }
    if (value === WIRE.unknown) return UNKNOWN_PLACEHOLDER;
    if (typeof value === 'string') return this.text(value);
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    const out: Record<string, Json> = {};
    for (const key of Object.keys(obj).sort()) {
      if (obj[key] !== undefined) out[key] = this.value(obj[key]);
    }
    return out;
  }

  private describeAsset(obj: Record<string, unknown>): Json {
    for (const key of ['path', 'uri', 'text'] as const) {
      if (typeof obj[key] === 'string') return { [key]: this.text(obj[key] as string) };
    }
    if (obj.assets && typeof obj.assets === 'object') {
      return { assets: this.value(obj.assets) };
    }
    return UNKNOWN_PLACEHOLDER;
  }
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== 'object';
}

/** The plain-JSON type masked values have. */
export type PlainValue = Json;
