/**
 * Typed stack configuration, validated on load. `parseStackConfig` is pure (raw Pulumi config in, typed config
 * or one ValidationError listing every problem out); `loadStackConfig` is the thin reader for programs.
 *
 * Messages name the stack file and the key: `Pulumi.prod.yaml: canary-platform:cluster.nodePools[0].maxNodes (0)
 * must be >= 1`. Secret values are never echoed in messages.
 */
import * as pulumi from '@pulumi/pulumi';
import type { z } from 'zod';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { validateFlaggerSettings } from '../../packages/platform/flagger/values';
import { validateFluxBootstrapSettings } from '../../packages/platform/flux/args';
import { validateGkeClusterArgs } from '../../packages/platform/gke';
import { validateIstioSettings } from '../../packages/platform/istio';
import { ScalingLike, STANDBY_DEFAULTS, standbyNodePools, standbyProblems, standbyScaling, StandbyState } from '../../packages/platform/standby';
import { isValidationError, Problem, ValidationError } from '../../packages/shared';
import {
  ClusterConfig,
  DeliveryMode,
  GitopsConfig,
  PROJECT,
  PROJECT_KEYS,
  projectSchema,
  ProjectConfig,
  PROVIDER_KEYS,
  SECRET_KEYS,
  SecretKey,
  ServiceConfig,
  StandbyConfig,
  STRING_KEYS,
} from './config-schema';
import { issueToProblem } from './config-messages';

export type { ClusterConfig, DeliveryMode, GitopsConfig, ServiceConfig, SecretKey, StandbyConfig } from './config-schema';

/**
 * A standby's configuration next to what it runs: `StackConfig.cluster.nodePools` and `services` hold what the
 * stack renders now (the standby's size in state `standby`), these hold the production declarations.
 */
export interface StackStandby {
  /** `canary-platform:standby` as written. */
  readonly settings: StandbyConfig;
  /** Where the standby is in a failover. */
  readonly state: StandbyState;
  /** The node pools as declared: their production size. */
  readonly productionNodePools: ClusterConfig['nodePools'];
  /** The services as declared: their production scaling. */
  readonly productionServices: readonly ServiceConfig[];
}

/**
 * A secret from the stack configuration. It prints as `[secret]` (logs, JSON, template strings) so it cannot
 * leak by accident; the program passes `reveal()` straight into `pulumi.secret(...)`.
 */
export class SecretValue {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The plain value: only for `pulumi.secret(value.reveal())`. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

/** The validated stack configuration. */
export interface StackConfig {
  /** The stack file the values came from, for messages (`Pulumi.prod.yaml`). */
  readonly file: string;
  /** `gcp:project`. */
  readonly project: string;
  /** `gcp:region`. */
  readonly region: string;
  /** `canary-platform:environment`. */
  readonly environment: ProjectConfig['environment'];
  /** `canary-platform:cluster`, with `name` defaulted to `canary-<environment>`. */
  readonly cluster: ClusterConfig & { readonly name: string };
  /** `canary-platform:domains`: what the shared Gateway serves (each domain and its wildcard). */
  readonly domains: readonly string[];
  /** `canary-platform:ingress`. */
  readonly ingress: NonNullable<ProjectConfig['ingress']>;
  /** `canary-platform:alerts`. */
  readonly alerts: NonNullable<ProjectConfig['alerts']>;
  /** `canary-platform:addons`. */
  readonly addons: NonNullable<ProjectConfig['addons']>;
  /** `canary-platform:observability`. */
  readonly observability: NonNullable<ProjectConfig['observability']>;
  /** `canary-platform:flagger`. */
  readonly flagger: NonNullable<ProjectConfig['flagger']>;
  /** `canary-platform:judge`: the canary judge's deployment (deployed unless `enabled: false`). */
  readonly judge: NonNullable<ProjectConfig['judge']>;
  /** `canary-platform:services`: the CanaryServices this stack runs (at the standby's size while standing by). */
  readonly services: readonly ServiceConfig[];
  /** `canary-platform:standby`: set when the stack is the warm standby of another. @default - absent: not a standby */
  readonly standby?: StackStandby;
  /** Secret keys that are set (`canary-platform:slackWebhookUrl`, ...). */
  readonly secrets: Readonly<Partial<Record<SecretKey, SecretValue>>>;
  /** `canary-platform:delivery`: `pulumi` applies the in-cluster objects itself, `gitops` bootstraps Flux. */
  readonly delivery: DeliveryMode;
  /** `canary-platform:gitops`: the config repository (always set when `delivery` is `gitops`). */
  readonly gitops?: GitopsConfig;
}

/** Options of {@link parseStackConfig}. */
export interface ParseStackConfigOptions {
  /** The stack file, named in every message, for example `Pulumi.prod.yaml`. */
  readonly file: string;
  /** Keys (namespaced) whose values Pulumi holds as secrets. */
  readonly secretKeys: readonly string[];
}

/**
 * Validates raw Pulumi configuration (`pulumi.runtime.allConfig()`: namespaced keys, string values, structured
 * values JSON-encoded) and returns the typed {@link StackConfig}.
 * @throws ValidationError listing every problem (unknown `canary-platform:*` keys, wrong types, out-of-range
 *   values, cross-field rules, secrets stored in plain text).
 */
export function parseStackConfig(raw: Readonly<Record<string, string>>, options: ParseStackConfigOptions): StackConfig {
  const { file } = options;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: file, path, message });
  };
  const secretKeys = new Set(options.secretKeys);
  const own: Record<string, unknown> = {};
  const undecodable = new Set<string>();
  const known = Object.keys(PROJECT_KEYS);

  for (const key of Object.keys(raw).sort()) {
    if (!key.startsWith(`${PROJECT}:`)) continue;
    const name = key.slice(PROJECT.length + 1);
    if (!known.includes(name)) {
      add(key, `is not a known key; known keys: ${known.map((k) => `${PROJECT}:${k}`).join(', ')}`);
      continue;
    }
    if (STRING_KEYS.has(name)) {
      own[name] = raw[key];
      continue;
    }
    try {
      own[name] = JSON.parse(raw[key]) as unknown;
    } catch {
      undecodable.add(name);
      add(key, `(${raw[key]}) must be ${describeExpected(name)}`);
    }
  }
  for (const name of SECRET_KEYS) {
    const key = `${PROJECT}:${name}`;
    if (raw[key] !== undefined && !secretKeys.has(key)) {
      add(key, `is stored in plain text; set it with: pulumi config set --secret ${key} <value>`);
    }
  }

  const providers: Record<string, string> = {};
  for (const [key, schema] of Object.entries(PROVIDER_KEYS)) {
    const value = raw[key];
    if (value === undefined) {
      add(key, `is required; set it with: pulumi config set ${key} <value>`);
      continue;
    }
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) providers[key] = result.data;
    else add(key, `"${value}" ${result.error.issues[0].message}`);
  }

  const parsed = projectSchema.safeParse(own, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((i) => !undecodable.has(String(i.path[0])));
    for (const issue of issues) problems.push(...issueToProblem(file, issue as z.core.$ZodIssue, projectSchema));
  }
  if (problems.length > 0 || !parsed.success) throw invalid(file, problems);

  const c = parsed.data;
  const config: StackConfig = {
    file,
    project: providers['gcp:project'],
    region: providers['gcp:region'],
    environment: c.environment,
    cluster: { ...c.cluster, name: c.cluster.name ?? `canary-${c.environment}` },
    domains: c.domains,
    ingress: c.ingress ?? {},
    alerts: c.alerts ?? {},
    addons: c.addons ?? {},
    observability: c.observability ?? {},
    flagger: c.flagger ?? {},
    judge: c.judge ?? {},
    services: c.services,
    secrets: Object.fromEntries(
      SECRET_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, new SecretValue(c[k] as string)]),
    ),
    delivery: c.delivery,
    ...(c.gitops !== undefined ? { gitops: c.gitops } : {}),
  };
  problems.push(...crossFieldProblems(config, c.standby));
  if (problems.length > 0) throw invalid(file, problems);
  return c.standby ? withStandby(config, c.standby) : config;
}

/** A service's `scaling` prop (already validated by the CanaryService validation), typed. */
function scalingOf(service: ServiceConfig): ScalingLike | undefined {
  const scaling = service.scaling as ScalingLike | undefined;
  return scaling !== undefined && (scaling.kind === 'autoscaled' || scaling.kind === 'fixed') ? scaling : undefined;
}

/**
 * A standby's stack configuration: what it renders in its current state (node pools and services sized by
 * `canary-platform:standby`), with the production declarations kept beside.
 */
function withStandby(config: StackConfig, settings: StandbyConfig): StackConfig {
  const services = config.services.map((service) => {
    const scaling = standbyScaling(settings, scalingOf(service));
    return scaling === undefined ? service : { ...service, scaling };
  });
  return {
    ...config,
    cluster: { ...config.cluster, nodePools: standbyNodePools(settings, config.cluster.nodePools) },
    services,
    standby: {
      settings,
      state: settings.state ?? STANDBY_DEFAULTS.state,
      productionNodePools: config.cluster.nodePools,
      productionServices: config.services,
    },
  };
}

/** `canary-platform:standby` against the stack's own pools and services, and the restore plan it needs. */
function standbyConfigProblems(config: StackConfig, settings: StandbyConfig): Problem[] {
  const services = config.services.map((s) => ({ id: `${s.namespace}/${s.name}`, scaling: scalingOf(s) }));
  const problems = standbyProblems(config.file, settings, config.cluster.nodePools, services).map((p) => ({
    ...p,
    path: `${PROJECT}:standby.${p.path}`,
  }));
  if (!config.cluster.restore) {
    problems.push({
      subject: config.file,
      path: `${PROJECT}:standby`,
      message: `needs ${PROJECT}:cluster.restore: the restore plan a failover restores ${settings.of}'s data with (see Pulumi.dr.yaml)`,
    });
  }
  return problems;
}

/** Rules that span fields, reusing the components' own validation with paths mapped back to config keys. */
function crossFieldProblems(config: StackConfig, standby: StandbyConfig | undefined): Problem[] {
  const problems: Problem[] = [];
  if (standby) problems.push(...standbyConfigProblems(config, standby));
  const relabel = (mapPath: (path: string) => string) => (p: Problem): Problem => ({
    subject: config.file,
    path: mapPath(p.path),
    message: p.message,
  });
  const gke = validateGkeClusterArgs(config.cluster.name, {
    ...config.cluster,
    project: config.project,
    region: config.region,
    kmsKeyName: config.addons.kmsKey,
  });
  problems.push(
    ...gke.map(relabel((path) => (path === 'kmsKeyName' ? `${PROJECT}:addons.kmsKey` : `${PROJECT}:cluster.${path}`))),
  );
  const istio = validateIstioSettings(config.cluster.name, { ingress: { ...config.ingress, domains: config.domains } });
  problems.push(
    ...istio.map(relabel((path) => `${PROJECT}:${path.replace(/^ingress\.domains/, 'domains')}`)),
  );
  const flagger = validateFlaggerSettings(config.cluster.name, config.flagger);
  problems.push(...flagger.map(relabel((path) => `${PROJECT}:flagger.${path}`)));
  // GitOps delivery (docs/gitops.md): the config repository is required, and checked by FluxBootstrap's rules.
  if (config.gitops !== undefined) {
    problems.push(...validateFluxBootstrapSettings(config.cluster.name, config.gitops).map(relabel((path) => `${PROJECT}:gitops.${path}`)));
  } else if (config.delivery === 'gitops') {
    problems.push({
      subject: config.file,
      path: `${PROJECT}:gitops`,
      message: 'is required when canary-platform:delivery is gitops: set source (the config repository Flux syncs) and path (its folder holding the synth output); see docs/gitops.md',
    });
  }
  const seen = new Map<string, number>();
  config.services.forEach((service, i) => {
    // The CanaryService's own validation (every prop, cross-prop rules), reported under this config key.
    try {
      const spec = validateCanaryServiceProps(service.name, service);
      // Flagger's gates need the load tester's single replica; a platform without gates cannot serve them
      // (the Argo Rollouts engine pauses and aborts through its controller instead).
      if (config.flagger.loadTesterGates === false && spec.engine === 'flagger') {
        for (const gate of ['confirmRollout', 'confirmPromotion', 'rollbackGate'] as const) {
          if (spec.webhooks[gate]) {
            problems.push({
              subject: config.file,
              path: `${PROJECT}:services[${i}].webhooks.${gate}`,
              message: `is on, but ${PROJECT}:flagger.loadTesterGates is false (the load tester runs without gates); set webhooks.${gate}: false, or loadTesterGates: true with loadTesterReplicas: 1`,
            });
          }
        }
      }
      // Releases that ask the judge would hold until maxHold and then fail: every answer would be an error.
      if (spec.analysis.judge !== false && config.judge.enabled === false) {
        problems.push({
          subject: config.file,
          path: `${PROJECT}:services[${i}].analysis.judge`,
          message: `is on, but ${PROJECT}:judge.enabled is false (no judge answers its webhooks); remove analysis.judge, or enable the judge`,
        });
      }
    } catch (err) {
      if (!isValidationError(err)) throw err;
      for (const p of (err as ValidationError).problems) {
        problems.push({ subject: config.file, path: `${PROJECT}:services[${i}].${p.path}`, message: p.message });
      }
    }
    // A service on the Argo Rollouts engine needs the controller: without it its Rollout would never progress.
    if ((service as { engine?: unknown }).engine === 'argoRollouts' && config.addons.argoRollouts !== true) {
      problems.push({
        subject: config.file,
        path: `${PROJECT}:services[${i}].engine`,
        message: '("argoRollouts") needs the Argo Rollouts controller; set canary-platform:addons.argoRollouts: true or use engine "flagger"',
      });
    }
    const id = `${service.namespace}/${service.name}`;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        subject: config.file,
        path: `${PROJECT}:services[${i}].name`,
        message: `("${service.name}") is already used in namespace ${service.namespace} by services[${first}]`,
      });
    } else {
      seen.set(id, i);
    }
  });
  return problems;
}

function invalid(file: string, problems: readonly Problem[]): ValidationError {
  return new ValidationError(`Invalid stack configuration in ${file}`, problems);
}

function describeExpected(name: string): string {
  const schema = PROJECT_KEYS[name as keyof typeof PROJECT_KEYS] as unknown as { _zod: { def: { type: string; innerType?: unknown } } };
  let def = schema._zod.def;
  while ((def.type === 'optional' || def.type === 'default') && def.innerType) {
    def = (def.innerType as typeof schema)._zod.def;
  }
  if (def.type === 'object') return 'a mapping (structured config)';
  if (def.type === 'array') return 'a list (structured config)';
  if (def.type === 'boolean') return 'true or false';
  return 'valid JSON';
}

/** Pulumi's "is this key a secret" (internal API of the pinned @pulumi/pulumi; see runtime/config). */
function isConfigSecret(key: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtimeConfig = require('@pulumi/pulumi/runtime/config') as { isConfigSecret?: (k: string) => boolean };
  return runtimeConfig.isConfigSecret ? runtimeConfig.isConfigSecret(key) : false;
}

/**
 * Reads the running stack's configuration (`pulumi.runtime.allConfig()`) and validates it. The only place that
 * reads configuration; components receive typed arguments.
 */
export function loadStackConfig(): StackConfig {
  const raw = pulumi.runtime.allConfig();
  const file = `Pulumi.${pulumi.getStack()}.yaml`;
  const secretKeys = Object.keys(raw).filter((k) => isConfigSecret(k));
  return parseStackConfig(raw, { file, secretKeys });
}
