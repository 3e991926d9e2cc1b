/**
 * `canary-platform timeline [service] [--stack]` and the synth summary section, on stack files derived from the
 * project's own Pulumi.prod.yaml (so they pass the real stack validation).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../../tools/cli/main';
import { runTimeline, timelineSummarySection } from '../../tools/cli/timeline';
import type { CliOutput } from '../../tools/cli/command';
import { readProject, readStackConfig } from '../../tools/offline/stack-files';
import { renderSummary } from '../../tools/offline/summary';
import type { SynthReport } from '../../tools/offline/synth';

const ROOT = resolve(__dirname, '..', '..');

function capture(): CliOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

/** A project folder with the repository's Pulumi.yaml and a `test` stack: prod with other services. */
const projects: string[] = [];
afterAll(() => {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function projectWithServices(services: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-'));
  projects.push(dir);
  writeFileSync(join(dir, 'Pulumi.yaml'), readFileSync(join(ROOT, 'Pulumi.yaml')));
  const prod = parse(readFileSync(join(ROOT, 'Pulumi.prod.yaml'), 'utf8')) as { config: Record<string, unknown> };
  prod.config['canary-platform:services'] = services;
  writeFileSync(join(dir, 'Pulumi.test.yaml'), stringify(prod));
  return dir;
}

const podinfo = { namespace: 'demo', name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 };
const checkout = {
  namespace: 'payments',
  name: 'checkout',
  image: 'ghcr.io/acme/checkout:1.4.2',
  port: 8080,
  strategy: { kind: 'canary', stepWeights: [10, 50] },
  analysis: { interval: '1m', threshold: 3 },
};

describe('canary-platform timeline', () => {
  const dir = projectWithServices([podinfo, checkout]);

  it('prints every service: the traffic schedule, time to full promotion and worst cases to rollback', () => {
    const out = capture();
    expect(runTimeline(undefined, { stack: 'test', projectDir: dir }, out)).toBe(0);
    const text = out.lines.join('\n');
    expect(out.lines[0]).toBe('Canary timeline of stack "test" (Pulumi.test.yaml)');
    // podinfo with the defaults: 30s × 2, schedule 5/10/20/50.
    expect(text).toContain('demo/podinfo  (canary 5% → 10% → 20% → 50%; analysis every 30s, rollback after 2 failed checks)');
    expect(text).toContain('    t+1m     canary   5%  canary at 5%');
    expect(text).toContain('  time to full promotion:                 4m');
    expect(text).toContain('  failure on the canary -> rollback:      1m30s at most ((T + 1) × I)');
    // checkout: 1m × 3, schedule 10/50: detect + 2 steps + 3 = 6 ticks; failure -> rollback (3 + 1) × 1m.
    expect(text).toContain('payments/checkout  (canary 10% → 50%; analysis every 1m, rollback after 3 failed checks)');
    expect(text).toContain('  time to full promotion:                 6m');
    expect(text).toContain('  failure on the canary -> rollback:      4m at most ((T + 1) × I)');
    expect(out.errors).toEqual([]);
  });

  it.each(['checkout', 'payments/checkout'])('prints only the service named %s', (filter) => {
    const out = capture();
    expect(runTimeline(filter, { stack: 'test', projectDir: dir }, out)).toBe(0);
    expect(out.lines.join('\n')).toContain('payments/checkout');
    expect(out.lines.join('\n')).not.toContain('demo/podinfo');
  });

  it('names the services it knows when the one asked for does not exist (exit 1)', () => {
    const out = capture();
    expect(runTimeline('cart', { stack: 'test', projectDir: dir }, out)).toBe(1);
    expect(out.errors).toEqual(['error: no service "cart" in Pulumi.test.yaml; services: demo/podinfo, payments/checkout']);
  });

  it('reports an invalid service with the stack validation’s messages, without a stack trace (exit 1)', () => {
    const bad = projectWithServices([{ ...podinfo, analysis: { threshold: 0 } }]);
    const out = capture();
    expect(runTimeline(undefined, { stack: 'test', projectDir: bad }, out)).toBe(1);
    expect(out.errors[0]).toMatch(/^error: /);
    expect(out.errors.join('\n')).toContain('threshold');
    expect(out.errors.join('\n')).not.toContain('    at ');
  });

  it('says so when the stack declares no CanaryService', () => {
    const out = capture();
    expect(runTimeline(undefined, { stack: 'test', projectDir: projectWithServices([]) }, out)).toBe(0);
    expect(out.lines).toEqual(['Pulumi.test.yaml declares no CanaryService (canary-platform:services is empty).']);
  });

  it('is registered in the CLI: canary-platform timeline podinfo --stack test -C <dir>', async () => {
    const out = capture();
    expect(await runCli(['node', 'canary-platform', 'timeline', 'podinfo', '--stack', 'test', '-C', dir], out)).toBe(0);
    expect(out.lines[2]).toMatch(/^demo\/podinfo /);
  });
});

describe('synth summary section', () => {
  const report = (dir: string) =>
    ({ rendered: { stackConfig: readStackConfig(readProject(dir), 'test') } }) as unknown as SynthReport;

  it('lists each service with its promotion time and worst cases to rollback', () => {
    const dir = projectWithServices([podinfo, checkout]);
    expect(timelineSummarySection.render(report(dir))).toEqual({
      columns: ['service', 'strategy', 'interval × threshold', 'promotion', 'failure -> rollback', 'release -> rollback'],
      rows: [
        ['demo/podinfo', 'canary 5% → 10% → 20% → 50%', '30s × 2', '4m', '1m30s', '6m'],
        ['payments/checkout', 'canary 10% → 50%', '1m × 3', '6m', '4m', '7m'],
      ],
    });
    expect(renderSummary(report(dir), [timelineSummarySection])).toContain('Canary timeline (worst case)\n  SERVICE');
  });

  it('is hidden when the stack has no CanaryService or the report has no stack configuration', () => {
    expect(timelineSummarySection.render(report(projectWithServices([])))).toBeUndefined();
    expect(timelineSummarySection.render({} as SynthReport)).toBeUndefined();
  });
});
