/**
 * Whether `synth` writes a GitOps tree, and for which repository: read from the stack configuration
 * (`canary-platform:delivery`, `canary-platform:gitops`) and the `--gitops` request.
 */
import { z } from 'zod';
import { validateFluxBootstrapSettings } from '../../packages/platform/flux/args';
import { type Problem, ValidationError } from '../../packages/shared';
import { gitopsSchema, PROJECT } from '../../stacks/platform/config-schema';
import type { GitOpsTreeInput, TreeScope } from './types';

/** The config keys read here. */
export const DELIVERY_KEY = `${PROJECT}:delivery`;
export const GITOPS_KEY = `${PROJECT}:gitops`;

/**
 * `canary-platform:gitops` as a team stack writes it: the platform's fields plus `team`, the name of the team's
 * Flux source and services layer (a platform stack refuses `team`).
 */
export const teamGitopsSchema = gitopsSchema.extend({
  team: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label like shop").max(40).optional(),
});

/** What the tree is rendered for. */
export interface TreeRequest {
  /** The stack's delivery mode: with `gitops`, Pulumi applies only the bootstrap and the tree is the rest. */
  readonly delivery: 'pulumi' | 'gitops';
  readonly repository: GitOpsTreeInput['repository'];
  readonly scope: TreeScope;
}

/**
 * The tree request of a stack, or undefined when no tree is wanted (`pulumi` mode, not requested).
 * @param config the stack configuration as Pulumi hands it to programs (structured values JSON-encoded)
 * @param file the stack file, for messages
 * @throws ValidationError when a tree is wanted and `canary-platform:gitops` is missing or invalid
 */
export function treeRequest(config: Readonly<Record<string, string>>, file: string, requested: boolean): TreeRequest | undefined {
  const delivery = config[DELIVERY_KEY] === 'gitops' ? 'gitops' : 'pulumi';
  if (delivery === 'pulumi' && !requested) return undefined;
  const fail = (problems: Problem[]): never => {
    throw new ValidationError(`Cannot render the GitOps tree of ${file}`, problems);
  };
  const raw = config[GITOPS_KEY];
  if (raw === undefined) {
    return fail([{ subject: file, path: GITOPS_KEY, message: 'is required for a GitOps tree: set source (the config repository Flux syncs) and path (its folder holding this output); see docs/gitops.md' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return fail([{ subject: file, path: GITOPS_KEY, message: 'must be a mapping (structured config)' }]);
  }
  const parsed = teamGitopsSchema.safeParse(value);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => ({ subject: file, path: [GITOPS_KEY, ...i.path.map(String)].join('.'), message: i.message })));
  }
  const { team, ...settings } = parsed.data;
  const problems = validateFluxBootstrapSettings(file, settings).map((p) => ({ subject: file, path: `${GITOPS_KEY}.${p.path}`, message: p.message }));
  if (problems.length > 0) fail(problems);
  return {
    delivery,
    repository: { source: settings.source, path: settings.path },
    scope: team === undefined ? { kind: 'platform' } : { kind: 'team', team },
  };
}
