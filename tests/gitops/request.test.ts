import { formatProblem, isValidationError, type ValidationError } from '../../packages/shared';
import { treeRequest } from '../../tools/gitops';

const GITOPS = JSON.stringify({ source: { kind: 'git', url: 'https://github.com/acme/config' }, path: 'clusters/prod' });

function failure(config: Record<string, string>, requested: boolean): string[] {
  try {
    treeRequest(config, 'Pulumi.prod.yaml', requested);
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return [(err as ValidationError).message.split('\n')[0], ...(err as ValidationError).problems.map(formatProblem)];
  }
}

describe('treeRequest (whether synth writes gitops/, and for which repository)', () => {
  it('wants no tree for a stack Pulumi delivers, unless asked', () => {
    expect(treeRequest({ 'canary-platform:gitops': GITOPS }, 'Pulumi.prod.yaml', false)).toBeUndefined();
    expect(treeRequest({ 'canary-platform:gitops': GITOPS }, 'Pulumi.prod.yaml', true)).toEqual({
      delivery: 'pulumi',
      repository: { source: { kind: 'git', url: 'https://github.com/acme/config' }, path: 'clusters/prod' },
      scope: { kind: 'platform' },
    });
  });

  it('always wants the tree of a gitops stack; a team stack names its team', () => {
    expect(treeRequest({ 'canary-platform:delivery': 'gitops', 'canary-platform:gitops': GITOPS }, 'Pulumi.prod.yaml', false)?.delivery).toBe('gitops');
    const team = JSON.stringify({ ...JSON.parse(GITOPS), team: 'shop' });
    expect(treeRequest({ 'canary-platform:gitops': team }, 'Pulumi.dev.yaml', true)?.scope).toEqual({ kind: 'team', team: 'shop' });
  });

  it('never guesses the repository: --gitops without canary-platform:gitops stops, naming the key', () => {
    expect(failure({}, true)).toEqual([
      'Cannot render the GitOps tree of Pulumi.prod.yaml',
      'Pulumi.prod.yaml: canary-platform:gitops is required for a GitOps tree: set source (the config repository Flux syncs) and path (its folder holding this output); see docs/gitops.md',
    ]);
  });

  it("reports the bootstrap's rules and unknown keys under the config key", () => {
    const bad = JSON.stringify({ source: { kind: 'git', url: 'https://github.com/acme/config' }, path: '../up', team: 'Shop' });
    expect(failure({ 'canary-platform:gitops': bad }, true)).toEqual([
      'Cannot render the GitOps tree of Pulumi.prod.yaml',
      'Pulumi.prod.yaml: canary-platform:gitops.team must be a DNS label like shop',
    ]);
    const path = JSON.stringify({ source: { kind: 'git', url: 'https://github.com/acme/config' }, path: '../up' });
    expect(failure({ 'canary-platform:gitops': path }, true)).toEqual([
      'Cannot render the GitOps tree of Pulumi.prod.yaml',
      "Pulumi.prod.yaml: canary-platform:gitops.path (\"../up\") must be a folder of the repository like clusters/prod: relative, no '.' or '..' segments",
    ]);
  });
});
