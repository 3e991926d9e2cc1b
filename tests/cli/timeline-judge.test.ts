/**
 * `canary-platform timeline --rps <rates>`: how long the canary judge takes to promote a healthy release of each
 * service at the given request rates, next to the threshold schedule.
 */
import { resolve } from 'node:path';
import type { CliOutput } from '../../tools/cli/command';
import { parseRates, runTimeline } from '../../tools/cli/timeline';

const ROOT = resolve(__dirname, '..', '..');

function capture(): CliOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

describe('timeline --rps', () => {
  it('prints, per rate, the judge promotion time, and that a release at 1 req/s is held, not falsely judged', () => {
    const output = capture();
    expect(runTimeline(undefined, { stack: 'prod', projectDir: ROOT, rps: '1,10,1000' }, output)).toBe(0);
    const judge = output.lines.slice(output.lines.findIndex((l) => l.includes('with the canary judge')));
    expect(judge[0]).toBe('  with the canary judge (docs/judge.md; default settings, 5% → 10% → 20% → 50% every 30s):');
    expect(judge[1]).toMatch(/^ {4}at 1 req\/s: held until maxHold, then failed: never enough traffic \(\d+ canary requests needed\)$/);
    expect(judge[2]).toMatch(/^ {4}at 10 req\/s: promotion after about [\d.]+ min of analysis \(\d+ canary requests needed\)$/);
    const minutes = (line: string) => Number(/about ([\d.]+) min/.exec(line)?.[1]);
    // More traffic never makes the judge slower.
    expect(minutes(judge[3]!)).toBeLessThanOrEqual(minutes(judge[2]!));
    expect(output.errors).toEqual([]);
  });

  it('leaves the judge out without --rps', () => {
    const output = capture();
    expect(runTimeline(undefined, { stack: 'prod', projectDir: ROOT }, output)).toBe(0);
    expect(output.lines.some((l) => l.includes('canary judge'))).toBe(false);
  });

  it.each(['0', '-5', 'x', '10,', ''])('refuses --rps "%s" with one line naming what is valid', (text) => {
    expect(() => parseRates(text)).toThrow(`--rps "${text}" must be request rates above 0, comma-separated (for example --rps 1,10,100)`);
    const output = capture();
    expect(runTimeline(undefined, { stack: 'prod', projectDir: ROOT, rps: text }, output)).toBe(1);
    expect(output.errors).toEqual([`error: --rps "${text}" must be request rates above 0, comma-separated (for example --rps 1,10,100)`]);
  });
});
