/**
 * `canary-platform judge-eval`: argument errors in one line, and a tiny real run through Prometheus (when installed;
 * CI installs it and sets REQUIRE_PROMTOOL=1, so there it must run).
 */
import type { CliOutput } from '../../tools/cli/command';
import { runJudgeEvalCli, wholeOption } from '../../tools/cli/judge-eval';
import { findPrometheusTools } from '../../packages/judge/eval';

function capture(): CliOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

describe('judge-eval arguments', () => {
  it.each([
    ['releases', '0', 1, '--releases "0" must be a whole number >= 1'],
    ['releases', 'x', 1, '--releases "x" must be a whole number >= 1'],
    ['seed', '-1', 0, '--seed "-1" must be a whole number >= 0'],
  ])('--%s %s is refused in one line', async (name, value, min, message) => {
    expect(() => wholeOption(name, value, 1, min)).toThrow(message);
    const output = capture();
    expect(await runJudgeEvalCli({ [name]: value }, output)).toBe(1);
    expect(output.errors).toEqual([`error: ${message}`]);
    expect(output.lines).toEqual([]);
  });

  it('takes the defaults when an option is absent', () => {
    expect(wholeOption('releases', undefined, 480, 1)).toBe(480);
  });
});

const tools = findPrometheusTools();
const runOrSkip = tools === undefined && process.env.REQUIRE_PROMTOOL !== '1' ? describe.skip : describe;
runOrSkip(tools === undefined ? 'SKIPPED: prometheus not installed (apt-get install -y prometheus)' : 'judge-eval on a real Prometheus', () => {
  it('runs a small corpus and prints the JSON report', async () => {
    const output = capture();
    expect(await runJudgeEvalCli({ releases: '4', seed: '7', json: true }, output)).toBe(0);
    const report = JSON.parse(output.lines.join('\n')) as Record<string, unknown>;
    expect(Object.keys(report).length).toBeGreaterThan(0);
    expect(output.errors.length).toBeGreaterThan(0); // progress went to stderr
  }, 300_000);
});
