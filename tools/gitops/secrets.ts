/**
 * Secret templates: the Secrets `pulumi` mode creates from stack secrets, with each value replaced by a Flux
 * substitution reference (`${SLACK_WEBHOOK_URL}`). Flux fills them at apply time from the bootstrap's Secret
 * `flux-system/canary-platform-secrets`, which Pulumi creates from the same stack secrets: no secret is in Git.
 */
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import { type KubeObject, objectId, type Problem, sortKeys } from '../../packages/shared';
import { variableOf } from './helm-releases';
import type { SecretOrigins, TreeObject, TreeResource } from './types';

/** Pulumi type of a Kubernetes Secret resource. */
export const SECRET_TYPE = 'kubernetes:core/v1:Secret';

/** The waiver annotation every template carries: its values are references, or plain values of the program. */
export const TEMPLATE_WAIVER = {
  'policy.canary-platform.dev/waive-secret-no-plaintext':
    `values are Flux substitution references filled from ${FLUX_DEFAULTS.namespace}/${FLUX_DEFAULTS.secretsName} at apply time, or plain values the program sets in code (not secrets)`,
} as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * One template per Secret resource of the render (`secretsOmitted` lists them all; one that is not a Secret
 * resource, for example inside a ConfigGroup, is a problem). Files are `<namespace>/secret-<name>.yaml`.
 */
export function secretTemplates(
  resources: readonly TreeResource[],
  secretsOmitted: readonly string[],
  project: string,
  origins: SecretOrigins,
  problems: Problem[],
): TreeObject[] {
  const out: TreeObject[] = [];
  const found = new Set<string>();
  for (const r of resources) {
    if (r.type !== SECRET_TYPE) continue;
    const metadata = isRecord(r.inputs.metadata) ? r.inputs.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const id = objectId({ kind: 'Secret', metadata: { name, namespace } });
    found.add(id);
    const file = `${namespace}/secret-${name}.yaml`;
    const stringData: Record<string, string> = {};
    const known = origins.get(r.urn);
    for (const field of ['data', 'stringData'] as const) {
      const values = isRecord(r.inputs[field]) ? (r.inputs[field] as Record<string, unknown>) : {};
      for (const key of Object.keys(values)) {
        const origin = known?.get(JSON.stringify([field, key]));
        if (origin?.kind === 'config') stringData[key] = `\${${variableOf(origin.key, project)}}`;
        else if (origin?.kind === 'literal') stringData[key] = field === 'data' ? Buffer.from(origin.value, 'base64').toString('utf8') : origin.value;
        else {
          problems.push({
            subject: `gitops/flux/secrets/${file}`,
            path: `${field}.${key}`,
            message: 'is a secret the program computes, not a secret stack key, so Git cannot carry it; create this Secret outside the tree (External Secrets, Secret Manager CSI)',
          });
        }
      }
    }
    const labels = isRecord(metadata.labels) ? metadata.labels : undefined;
    const annotations = { ...(isRecord(metadata.annotations) ? metadata.annotations : {}), ...TEMPLATE_WAIVER };
    out.push({
      file,
      source: r.urn,
      object: sortKeys({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace, ...(labels ? { labels } : {}), annotations },
        type: typeof r.inputs.type === 'string' ? r.inputs.type : 'Opaque',
        stringData,
      }) as unknown as KubeObject,
    });
  }
  for (const id of secretsOmitted) {
    if (!found.has(id)) {
      problems.push({ subject: id, path: '', message: 'is a Secret inside a group of objects; only Secret resources can be templated for Flux: create it as a k8s.core.v1.Secret' });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}
