import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../packages/shared';

/** What `helm template` needs besides the chart. */
export interface HelmTemplateOptions {
  /** Release name. */
  readonly release: string;
  /** Namespace (`--namespace`). */
  readonly namespace: string;
  /** Values, written to a temporary file for `-f`. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Leave out the chart's `crds/` (`skipCrds` of the release); else `--include-crds`. @default false */
  readonly skipCrds?: boolean;
  /** `--kube-version`: the cluster version charts see in `.Capabilities.KubeVersion`. */
  readonly kubeVersion: string;
  /** `--api-versions`: custom resource API versions the cluster serves (`.Capabilities.APIVersions`). @default [] */
  readonly apiVersions?: readonly string[];
}

/**
 * A document of helm's output that is not YAML 1.2, for example a CRD copied verbatim from a chart's `crds/` with
 * a multi-line quoted string whose continuation lines are not indented (Kubernetes' YAML 1.1 reader accepts it,
 * the project's parser does not): it cannot be validated.
 */
export interface UnparsedDocument {
  /** The chart file it came from (helm's `# Source:` line). @default '(unknown source)' */
  readonly source: string;
  /** The parser's first message line. */
  readonly message: string;
}

/** The result of one `helm template`. */
export type HelmTemplateResult =
  | { readonly ok: true; readonly objects: readonly KubeObject[]; readonly unparsed: readonly UnparsedDocument[] }
  | { readonly ok: false; readonly error: string };

/** The arguments of `helm template` for a release (values file given). */
export function helmTemplateArgs(chartDir: string, valuesFile: string, o: HelmTemplateOptions): string[] {
  return [
    'template',
    o.release,
    chartDir,
    '--namespace',
    o.namespace,
    '--values',
    valuesFile,
    '--kube-version',
    o.kubeVersion,
    ...(o.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
    ...(o.skipCrds === true ? ['--skip-crds'] : ['--include-crds']),
  ];
}

/** Helm's error output as one line: the lines that say what failed, without the `--debug` hint. */
function errorLine(stderr: string, status: number | null): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Use --debug flag'));
  return lines.join(' ') || `helm exited with status ${String(status)}`;
}

/**
 * Renders a chart with the real `helm template` and parses every object it prints. A template error (a `fail`,
 * a schema error, a bad value type) comes back as `ok: false` with helm's message; documents that are not YAML
 * 1.2 are listed in `unparsed`.
 */
export function helmTemplate(helm: string, chartDir: string, options: HelmTemplateOptions): HelmTemplateResult {
  const work = mkdtempSync(join(tmpdir(), 'canary-platform-helm-values-'));
  try {
    const valuesFile = join(work, 'values.yaml');
    writeFileSync(valuesFile, stringify(options.values, { lineWidth: 0 }));
    const run = spawnSync(helm, helmTemplateArgs(chartDir, valuesFile, options), { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (run.error !== undefined) return { ok: false, error: `cannot run ${helm}: ${run.error.message}` };
    if (run.status !== 0) return { ok: false, error: errorLine(run.stderr, run.status) };
    const objects: KubeObject[] = [];
    const unparsed: UnparsedDocument[] = [];
    // helm prints `# Source: <file>` before the first document of each file; later documents of a file have none.
    let source = '(unknown source)';
    for (const doc of parseAllDocuments(run.stdout)) {
      source = /# Source: (\S+)/.exec(run.stdout.slice(doc.range[0], doc.range[2]))?.[1] ?? source;
      if (doc.errors.length > 0) {
        unparsed.push({ source, message: doc.errors[0].message.split('\n')[0].replace(/:$/, '') });
        continue;
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value !== null && value !== undefined) objects.push(value as KubeObject);
    }
    return { ok: true, objects, unparsed };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `helm version --short`, or undefined when it cannot run. */
export function helmVersion(helm: string): string | undefined {
  const run = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}
