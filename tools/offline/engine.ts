import { dirname, join, resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { isValidationError, ValidationError, type Problem } from '../../packages/shared';
import {
  constructedResources,
  failedResourceName,
  installMockMonitor,
  rootStackType,
  rpcToken,
  runInStack,
  runIsolated,
  waitForRPCs,
  withoutPulumiErrorPrefix,
  type EngineLog,
} from './pulumi-internals';
import { RecordingMonitor, standInMocks, type InvokeCall, type ReadResource, type Registration } from './recording-monitor';
import type { StandInContext } from './stand-ins';

/**
 * The offline engine core: runs a Pulumi program in this process under a recording mock monitor and returns
 * every registration. Each run gets its own Pulumi runtime state (an async-local store, as the Automation API
 * does for inline programs), so several runs in one process do not see each other.
 *
 * Every Pulumi runtime internal it needs (the async-local runtime state, the mock monitor, the engine stand-in,
 * the resource tree) is a named function of `pulumi-internals.ts`, the one module that touches them.
 */

/**
 * The organization offline programs run in (`pulumi.getOrganization()`): what Pulumi's self-managed backends
 * (a GCS bucket, a local folder) report, so a StackReference to `<org>/canary-platform/prod` reads as it would there.
 */
export const OFFLINE_ORGANIZATION = 'organization';

/** A program as a module path (required like `pulumi up` does) or a function (its result = stack outputs). */
export type ProgramSource = string | (() => unknown);

/** What {@link runProgramOffline} needs. */
export interface RunProgramOptions {
  /** Pulumi project name (`pulumi.getProject()`). */
  readonly project: string;
  /** Stack name (`pulumi.getStack()`). */
  readonly stack: string;
  /** Organization (`pulumi.getOrganization()`). @default OFFLINE_ORGANIZATION */
  readonly organization?: string;
  /** The program. A path is resolved against {@link rootDirectory}. */
  readonly program: ProgramSource;
  /** Config as Pulumi hands it to programs (see `readStackConfig`). @default {} */
  readonly config?: Readonly<Record<string, string>>;
  /** Config keys that hold secrets. @default [] */
  readonly secretKeys?: readonly string[];
  /** Secret values known in advance (config placeholders); they are masked wherever they appear. @default [] */
  readonly secretValues?: readonly string[];
  /** Project folder (`pulumi.runtime.getRootDirectory()`). @default process.cwd() */
  readonly rootDirectory?: string;
}

/** A log message the program (or the Pulumi SDK) emitted. */
export type ProgramLog = EngineLog;

/** Everything one offline run recorded, still in wire form. */
export interface ProgramRun {
  readonly project: string;
  readonly stack: string;
  /** Registrations sorted by URN. */
  readonly registrations: readonly Registration[];
  /** Resources read (StackReferences), sorted by URN: answered with stand-in state, never created. */
  readonly reads: readonly ReadResource[];
  /** URN of the root `pulumi:pulumi:Stack` resource. */
  readonly stackUrn: string;
  /** Stack outputs (what the program exports), wire form. */
  readonly stackOutputs: Record<string, unknown>;
  /** Invokes made, sorted by token then arguments. */
  readonly invokes: readonly InvokeCall[];
  /** Messages of severity info and above, in order. */
  readonly logs: readonly ProgramLog[];
  /** Every secret string known: config placeholders plus every secret scalar the program produced. */
  readonly secretStrings: ReadonlySet<string>;
}

/** Resolves a program path the way `pulumi up` would (a folder means its index), with a `build/` fallback. */
export function resolveProgram(rootDirectory: string, main: string): string {
  const candidates = [resolve(rootDirectory, main), join(rootDirectory, 'build', main)];
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next candidate
    }
  }
  throw new ValidationError('Cannot find the Pulumi program', [
    { subject: 'Pulumi.yaml', path: 'main', message: `(${main}) has no index.ts or index.js in ${rootDirectory} (nor under build/)` },
  ]);
}

function loadProgram(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path) as unknown;
  if (typeof exported === 'function') return (exported as () => unknown)();
  const mod = exported as Record<string, unknown> | null;
  // Beyond what `pulumi up` does for CommonJS: a default-exported function is the program (fixtures use it so
  // that one module can be rendered several times in one process).
  if (mod && typeof mod.default === 'function') return (mod.default as () => unknown)();
  return exported;
}

/** Modules of the project (not node_modules) loaded while a program ran, so the next run loads them afresh. */
function forgetProjectModules(before: ReadonlySet<string>, rootDirectory: string): void {
  for (const id of Object.keys(require.cache)) {
    if (!before.has(id) && id.startsWith(rootDirectory) && !id.includes(`${'/'}node_modules${'/'}`)) {
      delete require.cache[id];
    }
  }
}

/** Waits until no registration, invoke or RPC is pending and nothing new started during one event-loop turn. */
async function settle(monitor: RecordingMonitor): Promise<void> {
  for (;;) {
    await waitForRPCs();
    const token = rpcToken();
    const count = monitor.registrations.size;
    await new Promise<void>((r) => setImmediate(r));
    if (monitor.inFlight === 0 && rpcToken() === token && monitor.registrations.size === count) return;
  }
}

/**
 * Runs a Pulumi program offline and records every registration. No cloud API is called: the monitor answers
 * with stand-in outputs (see `stand-ins.ts`).
 *
 * @throws ValidationError when the program rejects its configuration or input (a `ValidationError` thrown
 *   anywhere in it, including inside `apply()`), reports a `RunError`/`ResourceError`, or logs an error.
 * @throws the program's own error, unchanged, for anything unexpected (a bug: printed with its stack).
 */
export async function runProgramOffline(options: RunProgramOptions): Promise<ProgramRun> {
  const rootDirectory = resolve(options.rootDirectory ?? process.cwd());
  const config = options.config ?? {};
  const standIns: StandInContext = {
    gcpProject: config['gcp:project'] ?? `${options.project}-${options.stack}`,
    gcpRegion: config['gcp:region'] ?? 'us-central1',
  };
  const programPath = typeof options.program === 'string' ? resolveProgram(rootDirectory, options.program) : undefined;
  const modulesBefore = new Set(Object.keys(require.cache));

  return runIsolated(async () => {
    const monitor = new RecordingMonitor(standInMocks(standIns));
    const logs: ProgramLog[] = [];
    const errors: unknown[] = [];
    const onError = (err: unknown): void => {
      if (!errors.includes(err)) errors.push(err);
    };
    installMockMonitor(monitor.monitor, {
      project: options.project,
      stack: options.stack,
      organization: options.organization ?? OFFLINE_ORGANIZATION,
      rootDirectory,
      onLog: (log) => logs.push(log),
    });
    pulumi.runtime.setAllConfig({ ...config }, [...(options.secretKeys ?? [])]);

    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    let stackOutputs: Record<string, unknown> = {};
    try {
      await runInStack(async () => {
        // A program error is kept rather than rethrown: rethrown, it would also reject the stack resource's
        // internal promises, which nobody awaits (noise for the caller, failures under jest).
        try {
          const exported = programPath !== undefined ? loadProgram(programPath) : (options.program as () => unknown)();
          return await exported;
        } catch (err) {
          onError(err);
          return {};
        }
      });
      await settle(monitor);
    } catch (err) {
      onError(err);
      await settle(monitor).catch(onError);
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      if (programPath !== undefined) {
        forgetProjectModules(modulesBefore, rootDirectory);
        forgetProjectModules(modulesBefore, dirname(programPath));
      }
    }

    const registrations = [...monitor.registrations.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const root = registrations.find((r) => r.type === rootStackType());
    const stackUrn = root?.urn ?? '';
    stackOutputs = monitor.registeredOutputs.get(stackUrn) ?? {};
    throwIfFailed(errors, logs, monitor);
    if (programPath !== undefined && registrations.every((r) => r === root)) {
      // A CommonJS program runs when it is first required; a module cache that kept it (jest's registry, which
      // `forgetProjectModules` cannot reach) would otherwise pass for an empty stack.
      throw new Error(
        `The program ${programPath} registered no resources. A module program runs once per process: render it in a fresh process, or export a default function.`,
      );
    }
    const reads = [...monitor.reads.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const missing = unregisteredResources([...registrations, ...reads]);
    if (missing.length > 0) {
      throw new Error(
        `${missing.length} resource(s) were created but never registered, probably because an input failed to resolve (an error inside an apply()): ${missing.join(', ')}`,
      );
    }

    const secretStrings = new Set<string>([...(options.secretValues ?? []), ...monitor.secretStrings]);
    const invokes = [...monitor.invokes].sort((a, b) => {
      const ka = `${a.token}\u0000${JSON.stringify(a.wireInputs)}`;
      const kb = `${b.token}\u0000${JSON.stringify(b.wireInputs)}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return { project: options.project, stack: options.stack, registrations, reads, stackUrn, stackOutputs, invokes, logs, secretStrings };
  });
}

/**
 * Resources the program constructed (under the root stack) that never reached the monitor (neither registered
 * nor read), as `type::name`. A backstop for errors that escaped the error handlers: an incomplete plan must never
 * look like a complete one.
 */
function unregisteredResources(registrations: readonly Pick<Registration, 'type' | 'name'>[]): string[] {
  const registered = new Map<string, number>();
  for (const r of registrations) registered.set(`${r.type}::${r.name}`, (registered.get(`${r.type}::${r.name}`) ?? 0) + 1);
  const missing: string[] = [];
  for (const key of constructedResources()) {
    const left = registered.get(key) ?? 0;
    if (left > 0) registered.set(key, left - 1);
    else missing.push(key);
  }
  return missing.sort();
}

function firstLine(message: string): string {
  return withoutPulumiErrorPrefix(message).split('\n')[0];
}

function throwIfFailed(errors: readonly unknown[], logs: readonly ProgramLog[], monitor: RecordingMonitor): void {
  const validation = errors.filter(isValidationError) as ValidationError[];
  const runErrors = errors.filter((e) => pulumi.RunError.isInstance(e as Error) || pulumi.ResourceError.isInstance(e as Error)) as Error[];
  const unexpected = errors.filter((e) => !validation.includes(e as ValidationError) && !runErrors.includes(e as Error));
  if (unexpected.length > 0) throw unexpected[0];

  const problems: Problem[] = [];
  for (const err of validation) problems.push(...err.problems);
  for (const err of runErrors) {
    problems.push({ subject: failedResourceName(err) ?? 'program', path: '', message: firstLine(err.message) });
  }
  for (const log of logs) {
    if (log.severity === 'error') problems.push({ subject: log.urn ? log.urn.split('::').pop() ?? 'program' : 'program', path: '', message: log.message.trim() });
  }
  for (const urn of [...monitor.duplicateUrns].sort()) {
    problems.push({ subject: urn, path: '', message: 'is registered twice; resource names must be unique per type and parent' });
  }
  if (problems.length === 0) return;
  const title = validation.length > 0 ? firstLine(validation[0].message) : 'The Pulumi program failed offline';
  throw new ValidationError(title, problems);
}
