/**
 * The real {@link RebuildWorkspace}: Pulumi's Automation API (`LocalWorkspace`) on the layer projects in
 * `stacks/layers/<layer>/`. It drives the Pulumi CLI, which must be installed and logged in to the state backend
 * (`pulumi login gs://<bucket>`). Loaded only for a real run: `--dry-run` never loads it.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../shared/errors';
import type { RebuildStack, RebuildWorkspace } from './workspace';

/** The Pulumi CLI on `PATH`, if any. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['pulumi.exe', 'pulumi.cmd'] : ['pulumi'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter((d) => d !== '')) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * A workspace on the Automation API. Each layer stack is selected (or created) in its own project folder; its
 * `Stack` object is what the engine drives.
 * @throws UsageError when the Pulumi CLI is not on PATH (a dry run needs none)
 */
export function pulumiWorkspace(env: NodeJS.ProcessEnv = process.env): RebuildWorkspace {
  if (findPulumiCli(env) === undefined) {
    throw new UsageError(
      'a real rebuild needs the Pulumi CLI, and `pulumi` is not on PATH (install: https://www.pulumi.com/docs/install/). ' +
        'Use --dry-run to see the plan without it.',
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LocalWorkspace } = require('@pulumi/pulumi/automation') as typeof import('@pulumi/pulumi/automation');
  return {
    async selectStack(target): Promise<RebuildStack> {
      return LocalWorkspace.createOrSelectStack({ stackName: target.stack, workDir: target.projectDir });
    },
  };
}
