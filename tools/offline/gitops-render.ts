/**
 * The GitOps tree in `synth`: rendered from the run that describes the in-cluster objects (the stack itself in
 * `pulumi` mode; in `gitops` mode a second run of the program with `delivery: pulumi`, since Pulumi then applies
 * only the bootstrap), then validated like every other output: schemas (unknown fields rejected), PromQL, the
 * policies, and the order Flux applies it in.
 */
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import { sourceRef } from '../../packages/platform/flux/render';
import { evaluatePolicies } from '../../packages/policies';
import type { KubeObject, Problem } from '../../packages/shared';
import { fillTemplateVariables, findQueries, validateObject, validatePromQL } from '../../packages/validation';
import { checkTreeOrder, gitopsTree, TREE_FOLDER, type GitOpsTree, type TreeRequest } from '../gitops';
import type { ProgramRun } from './engine';
import { collectHelmReleases } from './helm';
import { collectManifests } from './manifests';
import { maskerFor, planResources } from './plan';
import { secretOrigins } from './secret-origins';
import type { StackConfig } from './stack-files';
import { addSummarySection } from './summary';

/** The tree and what validating it needs. */
export interface RenderedTree {
  readonly request: TreeRequest;
  readonly tree: GitOpsTree;
  /** Helm release resources of the run the tree comes from (checked by the policies like Pulumi's). */
  readonly helmResources: readonly { readonly type: string; readonly name: string; readonly inputs: Readonly<Record<string, unknown>> }[];
  /** Problems found while laying out the run's objects. */
  readonly problems: readonly Problem[];
}

/** Every object of the tree with the file it is written to (under the output folder). */
export function treeObjects(tree: GitOpsTree): { readonly object: KubeObject; readonly file: string }[] {
  return [
    ...tree.layers.flatMap((l) => l.objects.map((o) => ({ object: o.object, file: `${TREE_FOLDER}/${l.folder}/${o.file}` }))),
    ...tree.kustomizations.map((o) => ({ object: o.object, file: `${TREE_FOLDER}/flux/${o.file}` })),
    ...tree.applications.map((o) => ({ object: o.object, file: `${TREE_FOLDER}/argocd/${o.file}` })),
  ];
}

/** Renders the tree from `run` (the description of the in-cluster objects). */
export function renderTree(run: ProgramRun, stackConfig: StackConfig | undefined, request: TreeRequest, projectDir: string): RenderedTree {
  const resources = planResources(run, maskerFor(run));
  const collected = collectManifests(resources, projectDir);
  const helmReleases = collectHelmReleases(resources);
  const tree = gitopsTree({
    project: run.project,
    manifests: collected.objects,
    helmReleases,
    resources,
    secretsOmitted: collected.secretsOmitted,
    secretOrigins: secretOrigins(run, stackConfig),
    repository: request.repository,
    scope: request.scope,
  });
  const helmTypes = new Set(['kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v4:Chart']);
  return {
    request,
    tree,
    helmResources: resources.filter((r) => helmTypes.has(r.type)).map(({ type, name, inputs }) => ({ type, name, inputs })),
    problems: collected.problems,
  };
}

/**
 * Every problem with the tree: what cannot be delivered through Git, each object's schema and PromQL queries, the
 * policies (on the tree's objects and the Helm releases it installs), and Flux's apply order.
 */
export function validateTree(rendered: RenderedTree, environment: string): Problem[] {
  const { tree, request } = rendered;
  const problems: Problem[] = [...rendered.problems, ...tree.problems];
  const objects = treeObjects(tree);
  for (const { object, file } of objects) {
    problems.push(...validateObject(object, file));
    for (const q of findQueries([object])) problems.push(...validatePromQL(fillTemplateVariables(q.query), file, q.path));
  }
  const policies = evaluatePolicies({ objects: objects.map((o) => o.object), resources: rendered.helmResources, environment });
  for (const v of policies.violations) {
    if (v.severity !== 'error') continue;
    const subject = v.target.kind === 'object' ? objects[v.target.index].file : v.subject;
    problems.push({ subject, path: v.path, message: `${v.message} [${v.ruleId}]` });
  }
  if (request.scope.kind === 'platform') {
    const applied = tree.layers.map((layer) => ({
      kustomization: tree.kustomizations.find((k) => k.object.metadata.name === layer.name)!.object,
      objects: layer.objects.map((o) => o.object),
    }));
    problems.push(
      ...checkTreeOrder(applied, {
        source: sourceRef(request.repository),
        secretName: FLUX_DEFAULTS.secretsName,
        namespaces: [FLUX_DEFAULTS.namespace, 'default', 'kube-system'],
      }),
    );
  }
  return problems;
}

// The tree's layers in the closing summary: what Flux applies, in which order.
addSummarySection({
  title: 'GitOps tree',
  render: (report) => {
    const rendered = report.rendered.gitops;
    if (rendered === undefined) return undefined;
    const { tree, request } = rendered;
    const root = `./${request.repository.path}/${TREE_FOLDER}`;
    return {
      columns: ['flux kustomization', 'folder', 'depends on', 'objects'],
      rows: [
        ...tree.layers.map((l) => [l.name, `${TREE_FOLDER}/${l.folder}`, l.dependsOn.join(', ') || '-', String(l.objects.length)]),
        [request.delivery === 'gitops' ? 'root (Pulumi bootstrap)' : 'root (bootstrap it yourself)', `${root}/flux`, '-', String(tree.kustomizations.length)],
        ['argo cd (app of apps)', `${root}/argocd`, '-', String(tree.applications.length)],
      ],
    };
  },
});
