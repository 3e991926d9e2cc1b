import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../packages/shared';
import { readHelmOutput, type UnparsedDocument } from './helm-output';

export type { UnparsedDocument } from './helm-output';

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
 * Renders a chart with the real `helm template` and parses every object it prints as Kubernetes reads it
 * (`readHelmOutput`). A template error (a `fail`, a schema error, a bad value type) comes back as `ok: false` with
 * helm's message; documents that cannot be parsed even so are listed in `unparsed`.
 */
export function helmTemplate(helm: string, chartDir: string, options: HelmTemplateOptions): HelmTemplateResult {
  const work = mkdtempSync(join(tmpdir(), 'canary-platform-helm-values-'));
  try {
    const valuesFile = join(work, 'values.yaml');
    writeFileSync(valuesFile, stringify(options.values, { lineWidth: 0 }));
    const run = spawnSync(helm, helmTemplateArgs(chartDir, valuesFile, options), { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (run.error !== undefined) return { ok: false, error: `cannot run ${helm}: ${run.error.message}` };
    if (run.status !== 0) return { ok: false, error: errorLine(run.stderr, run.status) };
    const { objects, unparsed } = readHelmOutput(run.stdout);
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
