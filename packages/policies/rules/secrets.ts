import type { KubeObject } from '../../shared';
import type { Finding, PolicyRule } from '../types';
import { asRecord, isSecretValue, isUnknown, subPath } from '../support/values';

/** Values that are secrets whatever key holds them. Messages name the kind, never the value. */
const SECRET_VALUE_PATTERNS: ReadonlyArray<{ readonly what: string; readonly pattern: RegExp }> = [
  { what: 'a Slack webhook URL', pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[\w/-]+/i },
  { what: 'a Discord webhook URL', pattern: /https?:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]+/i },
  { what: 'a Microsoft Teams webhook URL', pattern: /https?:\/\/(?:[\w-]+\.webhook\.office\.com|outlook\.office\.com\/webhook)\/[\w@/-]+/i },
  { what: 'a Rocket.Chat incoming webhook URL', pattern: /https?:\/\/[^\s/]+\/hooks\/[A-Za-z0-9]{12,}\/[A-Za-z0-9]{20,}/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})\b/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/ },
];

/** `scheme://user:password@host` with a literal password (not `$(VAR)` or `${VAR}`). */
const CREDENTIALS_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;

/** Key names (lower-cased, punctuation removed) that hold secrets. */
const SECRET_KEY = /(?:password|passwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey|clientsecret|webhook|webhookurl)$/;
/** Key names that end like a secret but name, reference or configure one. */
const NOT_A_SECRET_KEY = /^(?:existing|use|create|enable|generate|auto|mount|skip)/;

/** Values that reference a secret rather than hold one. */
const REFERENCE = /^(?:\$\{[^}]+\}|\$\([^)]+\)|\{\{.*\}\}|<[^>]+>)$/;

/** Keys repeat across objects: remember what each one is. */
const secretKeyCache = new Map<string, boolean>();

/** True when a key's name says it holds a secret: `password`, `apiKey`, `GITHUB_TOKEN`, `slack_webhook_url`. */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    known = SECRET_KEY.test(normalized) && !NOT_A_SECRET_KEY.test(normalized);
    if (secretKeyCache.size < 10000) secretKeyCache.set(key, known);
  }
  return known;
}

/** One pass over a string that every pattern above would need: a superset, so most strings are cleared at once. */
const ANY_SECRET = new RegExp([...SECRET_VALUE_PATTERNS.map((p) => p.pattern.source), CREDENTIALS_IN_URL.source].join('|'), 'i');

/** What secret a string looks like, or `undefined`. Never returns the value itself. */
export function secretKindOf(value: string): string | undefined {
  if (value.length < 8 || !ANY_SECRET.test(value)) return undefined;
  for (const { what, pattern } of SECRET_VALUE_PATTERNS) {
    if (pattern.test(value)) return what;
  }
  const credentials = CREDENTIALS_IN_URL.exec(value);
  if (credentials && !/^\$[({]/.test(credentials[1])) return 'a URL with an embedded password';
  return undefined;
}

const FIX = 'store it as a Pulumi secret (`pulumi config set --secret`) or in a Kubernetes Secret created outside the manifests, and reference it (secretKeyRef, secretRef, existingSecret)';

/**
 * Walks plain data and reports strings that look like secrets, or literal values under secret-named keys. An
 * object `{ name, value }` (a container env entry, an argument) is read as the key `name` holding `value`.
 * `path` is where `value` sits; findings get `path` joined with the segments below it.
 */
export function scanForSecrets(value: unknown, path: string, out: Finding[], key?: string): void {
  walk(value, path, [], out, key);
}

/** The walk behind {@link scanForSecrets}: segments are joined into a path only when something is found. */
function walk(value: unknown, base: string, segments: Array<string | number>, out: Finding[], key: string | undefined): void {
  if (segments.length > 64 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    const kind = secretKindOf(value);
    if (kind) {
      out.push({ path: subPath(base, ...segments), message: `holds ${kind} in plaintext; ${FIX}` });
    } else if (key !== undefined && isSecretKey(key) && !isUnknown(value) && !isSecretValue(value) && value.trim() !== '' && !REFERENCE.test(value.trim())) {
      out.push({ path: subPath(base, ...segments), message: `is named like a secret (${key}) and holds a literal value; ${FIX}` });
    }
    return;
  }
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      segments.push(index);
      walk(value[index], base, segments, out, undefined);
      segments.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  if (isUnknown(record) || isSecretValue(record)) return;
  const pairName = typeof record.name === 'string' && typeof record.value === 'string' ? record.name : undefined;
  for (const k of Object.keys(record)) {
    segments.push(k);
    walk(record[k], base, segments, out, k === 'value' && pairName !== undefined ? pairName : k);
    segments.pop();
  }
}

/** Metadata that repeats the object (kubectl's last-applied copy) or belongs to the API server. */
const SKIPPED_ANNOTATIONS: ReadonlySet<string> = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function checkObjectForSecrets(obj: KubeObject): Finding[] {
  const out: Finding[] = [];
  const isSecret = obj.kind === 'Secret' && obj.apiVersion === 'v1';
  for (const [field, value] of Object.entries(obj)) {
    if (field === 'apiVersion' || field === 'kind') continue;
    if (field === 'metadata') {
      const { managedFields: _managed, annotations, ...rest } = asRecord(value) ?? {};
      scanForSecrets(rest, 'metadata', out);
      for (const [k, v] of Object.entries(asRecord(annotations) ?? {})) {
        if (!SKIPPED_ANNOTATIONS.has(k)) scanForSecrets(v, subPath('metadata', 'annotations', k), out, k);
      }
      continue;
    }
    if (isSecret && (field === 'data' || field === 'stringData')) {
      for (const [k, v] of Object.entries(asRecord(value) ?? {})) {
        if (typeof v !== 'string' || v === '' || isUnknown(v) || isSecretValue(v)) continue;
        out.push({
          path: subPath(field, k),
          message: `is a literal Secret value in a manifest, so it ends up in Git and in logs; create the Secret outside the manifests (Pulumi secret, External Secrets, Secret Manager CSI) and keep only the reference`,
        });
      }
      continue;
    }
    scanForSecrets(value, field, out, field);
  }
  return out;
}

export const secretNoPlaintext: PolicyRule = {
  id: 'secret-no-plaintext',
  severity: 'error',
  description:
    'No secret-looking value in plaintext: no Secret `data`/`stringData` in manifests, no webhook URL, token, private key or URL password in any field, and no literal value under a key named like password, token, secret, apiKey or webhook - in manifests, Pulumi resource inputs or stack configuration.',
  rationale: 'Rendered manifests, plan files and stack config are committed and reviewed; a secret in them is leaked to everyone who can read the repository or the CI logs.',
  remediation: `Keep the value out of the file: ${FIX}.`,
  checkObject: (obj) => checkObjectForSecrets(obj),
  checkResource: (resource) => {
    const out: Finding[] = [];
    const secret = new Set(resource.secretInputs ?? []);
    for (const [key, value] of Object.entries(resource.inputs)) {
      if (!secret.has(key)) scanForSecrets(value, key, out, key);
    }
    return out;
  },
  checkConfig: (config) => {
    const out: Finding[] = [];
    for (const [key, value] of Object.entries(config)) {
      const record = asRecord(value);
      if (record && typeof record.secure === 'string') continue;
      const shortKey = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
      scanForSecrets(value, key, out, shortKey);
    }
    return out;
  },
};
