/**
 * docs/disaster-recovery.md stays true to the code: its copy of the duration table, the layer estimates and the
 * targets table are what the model computes from `tools/rebuild/durations.ts`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadStandbyPair } from '../../tools/failover/pair';
import { FAILOVER_TARGET_SECONDS, failoverPlan } from '../../tools/failover/plan';
import { formatUsd } from '../../tools/failover/prices';
import { STEP_DURATIONS } from '../../tools/rebuild/durations';
import { approxDuration, targetVerdict } from '../../tools/rebuild/format';
import { loadRebuildConfig, rebuildPlan } from '../../tools/rebuild/plan';
import { REBUILD_TARGET_SECONDS } from '../../tools/rebuild/rebuild-model';
import { durationCell } from './docs-table';

const ROOT = resolve(__dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'disaster-recovery.md'), 'utf8');
const rows = doc.split('\n');
const cells = (prefix: string): string[] => {
  const row = rows.find((line) => line.startsWith(prefix));
  if (!row) throw new Error(`docs/disaster-recovery.md has no row starting with ${prefix}`);
  return row.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '').trim());
};

describe('docs/disaster-recovery.md', () => {
  it.each(Object.entries(STEP_DURATIONS))('copies duration %s as in the table, with its source', (id, d) => {
    expect(cells(`| \`${id}\` |`)).toEqual([`\`${id}\``, d.what, durationCell(d.lowSeconds), durationCell(d.typicalSeconds), durationCell(d.highSeconds), d.basis, d.source]);
  });

  it('lists no operation the table does not have', () => {
    const section = doc.slice(doc.indexOf('## The duration table'), doc.indexOf('## Layers'));
    const ids = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(Object.keys(STEP_DURATIONS));
  });

  const prod = rebuildPlan('prod', loadRebuildConfig(ROOT, 'prod')).estimate;

  it.each(prod.layers.map((l) => [l.layer, l] as const))('gives layer %s the estimate of the model', (layer, l) => {
    expect(cells(`| \`${layer}\` |`)[4]).toBe(`${approxDuration(l.typicalSeconds)} (${approxDuration(l.distribution.p95)})`);
  });

  it('states the critical path and the targets the model gives', () => {
    const t = approxDuration;
    expect(doc).toContain(
      `**Estimated critical path: ${prod.criticalLayers.join(' -> ')}, typical ${t(prod.typicalSeconds)}, p50 ${t(prod.total.p50)},\np95 ${t(prod.total.p95)}** (one layer after the other: ${t(prod.sequentialSeconds)})`,
    );
    const f = failoverPlan(loadStandbyPair(ROOT, 'dr'));
    expect(cells('| Failover to the standby, serving production traffic')).toEqual([
      '| Failover to the standby, serving production traffic (`failover --to dr`)'.slice(2),
      t(f.main.typicalSeconds),
      t(f.main.distribution.p50),
      t(f.main.distribution.p95),
      'at most 5 min at p95',
      targetVerdict(f.main.distribution.p95, FAILOVER_TARGET_SECONDS),
    ]);
    expect(cells('| Failover complete')).toEqual([
      "Failover complete (prod's data restored, node pools at production size)",
      t(f.complete.typicalSeconds),
      t(f.complete.distribution.p50),
      t(f.complete.distribution.p95),
      '-',
      '-',
    ]);
    expect(doc).toContain(`standing by, ${f.cost.standby.nodes} nodes (3 x e2-standard-4, 3 x n2-standard-8) ~${formatUsd(f.cost.standby.perMonth)}/month;`);
    expect(doc).toContain(`at production size, ${f.cost.production.nodes} nodes ~${formatUsd(f.cost.production.perMonth)}/month`);
    expect(cells('| Cold rebuild of a whole stack')).toEqual([
      'Cold rebuild of a whole stack (`rebuild --stack prod`)',
      t(prod.typicalSeconds),
      t(prod.total.p50),
      t(prod.total.p95),
      'at most 25 min at p95',
      targetVerdict(prod.total.p95, REBUILD_TARGET_SECONDS),
    ]);
  });
});
