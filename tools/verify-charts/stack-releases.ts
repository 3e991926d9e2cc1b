import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { HelmReleaseDescription } from '../offline/helm';

/** What the chart checks need of a Helm release the platform installs. */
export interface ChartRelease {
  /** Release name. */
  readonly release: string;
  /** Namespace it installs into. */
  readonly namespace: string;
  /** Chart name, for example `istiod`. */
  readonly chart: string;
  /** Chart repository URL; null for OCI or local charts. */
  readonly repository: string | null;
  /** Pinned chart version; null when the program pinned none. */
  readonly version: string | null;
  /** Values the platform passes (secrets as placeholders). */
  readonly values: Readonly<Record<string, unknown>>;
  /** `skipCrds` of the release: CRDs are left out of `helm template` when true. @default false */
  readonly skipCrds: boolean;
}

function fromDescription(d: Pick<HelmReleaseDescription, 'release' | 'namespace' | 'chart' | 'repository' | 'version' | 'values' | 'options'>): ChartRelease {
  return {
    release: d.release,
    namespace: d.namespace,
    chart: d.chart,
    repository: d.repository,
    version: d.version,
    values: d.values as Record<string, unknown>,
    skipCrds: d.options.skipCrds === true,
  };
}

/** The Helm releases of a stack and the environment its policies run for. */
export interface StackReleases {
  /** The stack file read, for messages. */
  readonly file: string;
  /** `canary-platform:environment` of the stack, else the stack name (as synth's policy check decides). */
  readonly environment: string;
  /** Every release, sorted by namespace/release. */
  readonly releases: readonly ChartRelease[];
}

/**
 * Every Helm release of a stack, as `synth` collects them: the stack's Pulumi program runs offline (mocks, no
 * cloud) and each `helm.sh/v3:Release` and `helm.sh/v4:Chart` it registers is read. Nothing is written.
 * @throws ValidationError for a missing or invalid stack file (as synth does)
 */
export async function stackReleases(projectDir: string, stack: string): Promise<StackReleases> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const offline = require('../offline') as typeof import('../offline');
  const { maskerFor, planResources } = require('../offline/plan') as typeof import('../offline/plan');
  const { ENVIRONMENT_CONFIG_KEY } = require('../../packages/policies/synth-check') as typeof import('../../packages/policies/synth-check');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const project = offline.readProject(projectDir);
  const config = offline.readStackConfig(project, stack);
  const run = await offline.runProgramOffline({
    project: project.name,
    stack: config.stack,
    program: project.main,
    config: config.config,
    secretKeys: config.secretKeys,
    secretValues: config.secretValues,
    rootDirectory: project.dir,
  });
  return {
    file: config.file,
    environment: config.config[ENVIRONMENT_CONFIG_KEY] ?? config.stack,
    releases: offline.collectHelmReleases(planResources(run, maskerFor(run))).map(fromDescription),
  };
}

/** The releases of a `synth` output folder (its `helm/<namespace>/<release>.yaml` files), sorted by path. */
export function renderedReleases(outDir: string): ChartRelease[] {
  const helm = join(outDir, 'helm');
  const files = readdirSync(helm)
    .filter((ns) => statSync(join(helm, ns)).isDirectory())
    .flatMap((ns) => readdirSync(join(helm, ns)).filter((f) => f.endsWith('.yaml')).map((f) => join(helm, ns, f)))
    .sort();
  return files.map((file) => fromDescription(parse(readFileSync(file, 'utf8')) as HelmReleaseDescription));
}
