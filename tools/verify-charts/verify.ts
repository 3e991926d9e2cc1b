import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { API_VERSIONS } from '../../packages/shared/versions';
import { readChartFolder, type ChartData } from './chart-data';
import { helmTemplate, type UnparsedDocument } from './helm-template';
import type { ChartRelease } from './stack-releases';
import { deadValuePaths } from './dead-values';
import { unknownProfiles, unknownValuePaths } from './values-paths';

/**
 * The Kubernetes version charts see by default (`.Capabilities.KubeVersion`): the minor GKE's REGULAR channel
 * runs as these chart versions were pinned. Charts gate APIs and `kubeVersion:` constraints on it.
 */
export const DEFAULT_KUBE_VERSION = '1.33.0';

/**
 * Custom resource API versions the platform's cluster serves (`.Capabilities.APIVersions`), so charts render
 * what they gate on them (a ServiceMonitor only when monitoring.coreos.com/v1 exists) as on the real cluster.
 */
export const CLUSTER_API_VERSIONS: readonly string[] = [...new Set(Object.values(API_VERSIONS))].sort();

/** Options of {@link verifyCharts}. */
export interface VerifyChartsOptions {
  /** The releases to render. */
  readonly releases: readonly ChartRelease[];
  /** Folder holding the pulled charts, one `<chart>/` folder each (`helm pull ... --untar -d DIR`). */
  readonly chartsDir: string;
  /** helm executable. */
  readonly helm: string;
  /** Environment the policies run for (`prod` switches on the prod-only rules). */
  readonly environment: string;
  /** `--kube-version` for `helm template`. @default DEFAULT_KUBE_VERSION */
  readonly kubeVersion?: string;
  /** `--api-versions` for `helm template`. @default CLUSTER_API_VERSIONS */
  readonly apiVersions?: readonly string[];
}

/** A finding of one kind for one release. */
export interface ChartFinding {
  /** `template` (helm failed), `schema` (an object is invalid), `value` (a value the chart does not know), `profile` (an Istio profile or platform without its file), `chart` (the folder holds another version), `policy` (a policy rule). */
  readonly kind: 'template' | 'schema' | 'value' | 'profile' | 'chart' | 'policy';
  /** What is wrong. */
  readonly message: string;
  /** The policy rule id (policy findings only). @default - absent for other kinds */
  readonly rule?: string;
}

/** What was found for one release. */
export interface ReleaseVerification {
  readonly release: ChartRelease;
  /** The chart folder used. */
  readonly folder: string;
  /** Objects `helm template` rendered (0 when it failed). */
  readonly objects: number;
  /** Problems: every finding except policy findings. */
  readonly problems: readonly ChartFinding[];
  /** Policy findings on the chart's objects (reported; they fail only with `failOnPolicies`). */
  readonly policyFindings: readonly ChartFinding[];
  /** Documents helm printed that could not be parsed, so not validated (reported, not failing; see `UnparsedDocument`). */
  readonly unparsed: readonly UnparsedDocument[];
}

/** A pinned chart not found in the charts folder, with the command that fetches it. */
export interface MissingChart {
  readonly release: ChartRelease;
  /** The folder looked for. */
  readonly folder: string;
  /** `helm pull ... --untar -d DIR`. */
  readonly command: string;
}

/** The result of {@link verifyCharts}. */
export interface VerifyChartsReport {
  readonly verified: readonly ReleaseVerification[];
  readonly missing: readonly MissingChart[];
}

/** The command that puts a release's pinned chart into `chartsDir`, as verify-charts expects it. */
export function helmPullCommand(r: ChartRelease, chartsDir: string): string {
  const version = r.version === null ? '' : ` --version ${r.version}`;
  const source = r.repository === null ? r.chart : `${r.chart} --repo ${r.repository}`;
  return `helm pull ${source}${version} --untar -d ${chartsDir}`;
}

/** The folder `helm pull --untar -d DIR` leaves a chart in: DIR/<last part of the chart reference>. */
export function chartFolder(r: ChartRelease, chartsDir: string): string {
  return join(chartsDir, r.chart.split('/').pop() ?? r.chart);
}

function policyFindings(objects: readonly object[], environment: string): ChartFinding[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { evaluatePolicies } = require('../../packages/policies') as typeof import('../../packages/policies');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const result = evaluatePolicies({ objects: objects as never, environment });
  return result.violations.map((v) => ({ kind: 'policy', rule: v.ruleId, message: `${v.ruleId} (${v.severity}): ${v.subject} ${v.path} ${v.message}`.replace(/\s+/g, ' ').trim() }));
}

function verifyRelease(r: ChartRelease, folder: string, chart: ChartData, o: VerifyChartsOptions): ReleaseVerification {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validateObject } = require('../../packages/validation') as typeof import('../../packages/validation');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const problems: ChartFinding[] = [];
  if (r.version !== null && chart.version !== r.version) {
    problems.push({ kind: 'chart', message: `${folder} holds ${chart.name} ${chart.version}, the stack pins ${r.version}; replace it: rm -rf ${folder} && ${helmPullCommand(r, o.chartsDir)}` });
  }
  problems.push(...unknownValuePaths(r.values, chart).map((path): ChartFinding => ({ kind: 'value', message: `${path} is not a value of ${chart.name} ${chart.version} (not in its values.yaml nor a subchart's)` })));
  problems.push(...deadValuePaths(r.values, chart).map((message): ChartFinding => ({ kind: 'value', message })));
  problems.push(...unknownProfiles(r.values, chart).map((message): ChartFinding => ({ kind: 'profile', message })));
  const rendered = helmTemplate(o.helm, folder, {
    release: r.release,
    namespace: r.namespace,
    values: r.values,
    skipCrds: r.skipCrds,
    kubeVersion: o.kubeVersion ?? DEFAULT_KUBE_VERSION,
    apiVersions: o.apiVersions ?? CLUSTER_API_VERSIONS,
  });
  if (!rendered.ok) {
    problems.push({ kind: 'template', message: rendered.error });
    return { release: r, folder, objects: 0, problems, policyFindings: [], unparsed: [] };
  }
  const objects = rendered.objects;
  for (const obj of objects) for (const p of validateObject(obj)) problems.push({ kind: 'schema', message: `${p.subject}: ${p.path} ${p.message}`.trim() });
  return { release: r, folder, objects: objects.length, problems, policyFindings: policyFindings(objects, o.environment), unparsed: rendered.unparsed };
}

/**
 * Renders every release with the real `helm template` from the pulled charts in `chartsDir` and checks it:
 * values the chart does not know or ignores (as the offline check), Istio profiles without their file, template
 * errors (including the chart's own values.schema.json, which helm applies), every object against the project's
 * schemas (`validateObject`: unknown fields are errors) and the policies. Releases whose chart is not in
 * `chartsDir` are listed in `missing`, with the command that fetches them.
 */
export function verifyCharts(o: VerifyChartsOptions): VerifyChartsReport {
  const verified: ReleaseVerification[] = [];
  const missing: MissingChart[] = [];
  for (const r of o.releases) {
    const folder = chartFolder(r, o.chartsDir);
    if (!existsSync(join(folder, 'Chart.yaml'))) {
      missing.push({ release: r, folder, command: helmPullCommand(r, o.chartsDir) });
      continue;
    }
    let chart: ChartData;
    try {
      chart = readChartFolder(folder);
    } catch (err) {
      verified.push({ release: r, folder, objects: 0, problems: [{ kind: 'chart', message: (err as Error).message }], policyFindings: [], unparsed: [] });
      continue;
    }
    verified.push(verifyRelease(r, folder, chart, o));
  }
  return { verified, missing };
}
