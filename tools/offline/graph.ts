import { predecessors, type PlanResource } from './plan';

/**
 * `graph.mmd`: a Mermaid flowchart of the dependency waves - how the stack rebuilds from nothing. One subgraph
 * per wave; solid arrows for dependencies and providers, dotted arrows from a component to its children.
 * The root stack is left out (it is the parent of everything and would only add noise).
 */

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Short display type: `kubernetes:apps/v1:Deployment` -> `apps/v1 Deployment`, `gcp:container/cluster:Cluster` -> `gcp Cluster`. */
export function shortType(type: string): string {
  const [pkg, module, kind] = type.split(':');
  if (!kind) return type;
  if (pkg === 'kubernetes') return `${module} ${kind}`;
  if (pkg === 'pulumi' && module === 'providers') return `provider ${kind}`;
  return `${pkg} ${kind}`;
}

/** Renders the Mermaid flowchart for plan resources (already carrying waves). */
export function mermaidGraph(resources: readonly PlanResource[]): string {
  const shown = resources.filter((r) => r.type !== 'pulumi:pulumi:Stack');
  const ordered = [...shown].sort((a, b) => a.wave - b.wave || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const ids = new Map(ordered.map((r, i) => [r.urn, `r${i}`]));
  const lines = ['flowchart LR'];
  const waves = [...new Set(ordered.map((r) => r.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    lines.push(`  subgraph wave${wave}["Wave ${wave}"]`);
    lines.push('    direction TB');
    for (const r of ordered.filter((x) => x.wave === wave)) {
      lines.push(`    ${ids.get(r.urn)}["${escapeLabel(r.name)}<br/><small>${escapeLabel(shortType(r.type))}</small>"]`);
    }
    lines.push('  end');
  }
  const known = new Set(ids.keys());
  for (const r of ordered) {
    const to = ids.get(r.urn)!;
    const deps = predecessors({ parent: null, provider: r.provider, dependencies: r.dependencies }, known);
    for (const dep of deps.sort()) lines.push(`  ${ids.get(dep)} --> ${to}`);
    if (r.parent && known.has(r.parent)) lines.push(`  ${ids.get(r.parent)} -.-> ${to}`);
  }
  return `${lines.join('\n')}\n`;
}
