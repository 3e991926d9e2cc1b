/**
 * Test helper: reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands it to a program (namespaced keys,
 * structured values JSON-encoded) and adds secret values as if set with `pulumi config set --secret`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Raw config of a stack file plus the given secrets; returns the config and the secret keys. */
export function rawStackConfig(
  stack: string,
  secrets: Readonly<Record<string, string>> = {},
): { raw: Record<string, string>; secretKeys: string[]; file: string } {
  const file = `Pulumi.${stack}.yaml`;
  const doc = parse(readFileSync(join(__dirname, '..', '..', file), 'utf8')) as { config: Record<string, unknown> };
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config)) raw[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return { raw: { ...raw, ...secrets }, secretKeys: Object.keys(secrets), file };
}
