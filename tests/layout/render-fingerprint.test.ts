/**
 * Behaviour is pinned by bytes: every stack of the repository and the bench fixtures render exactly the files
 * recorded in render-fingerprint.json (scripts/render-fingerprint.ts). A refactoring must leave it unchanged; a
 * change meant to alter the output records the new fingerprint in the same commit
 * (`npx tsx scripts/render-fingerprint.ts --write tests/layout/render-fingerprint.json`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compareFingerprints, renderAll, repositoryStacks, type Fingerprint } from '../../scripts/render-fingerprint';

const RECORD = join(__dirname, 'render-fingerprint.json');

describe('render fingerprint', () => {
  it('renders every stack and the bench fixtures byte for byte as recorded', () => {
    const work = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    try {
      const recorded = JSON.parse(readFileSync(RECORD, 'utf8')) as Fingerprint;
      const actual = renderAll(work);
      expect(compareFingerprints(recorded, actual)).toEqual([]);
      // The record covers every stack and both bench paths, so an empty difference means something.
      for (const stack of repositoryStacks()) expect(Object.keys(recorded).some((file) => file.startsWith(`stacks/${stack}/manifests/`))).toBe(true);
      expect(Object.keys(recorded)).toEqual(expect.arrayContaining(['bench/bulk-render.json', 'bench/construct-in-chart.json']));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('names added, removed and changed files', () => {
    expect(compareFingerprints({ a: '1', b: '2', c: '3' }, { b: '2', c: '4', d: '5' })).toEqual([
      'removed: a',
      'changed: c',
      'added:   d',
    ]);
  });
});
