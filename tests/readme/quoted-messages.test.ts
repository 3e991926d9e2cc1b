/**
 * The error messages README.md and docs/canary-service.md quote are the real ones: each quoted error block is
 * compared with what the code throws for the input shown right above it (a ```ts block, run as written), and the
 * messages quoted inline are compared with the code's. The commands they quote use only options the CLI has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { CanaryService, renderCanaryService, type CanaryServiceProps } from 'canary-platform/canary';
import { buildCli } from '../../tools/cli/main';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** A fenced block and what follows it up to the next one. */
interface Block {
  readonly lang: string;
  readonly body: string;
}

function blocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/** Every quoted error block (a plain block starting with `CanaryService`) with the ```ts block before it. */
function quotedErrors(markdown: string): { input: string; quoted: string }[] {
  const all = blocks(markdown);
  return all.flatMap((block, i) => {
    if (block.lang !== '' || !block.body.startsWith('CanaryService')) return [];
    const input = all[i - 1];
    if (input?.lang !== 'ts') throw new Error(`the quoted error "${block.body.split('\n')[0]}" has no \`\`\`ts block with its input right before it`);
    return [{ input: input.body, quoted: block.body.trimEnd() }];
  });
}

/** Runs a quoted input as written, in a chart with id `shop`, and returns the message it throws. */
function messageOf(code: string): string {
  // `new App()` creates no folder (Testing.app() would, in the temp directory); nothing is synthesised.
  const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
  try {
    // The snippets are plain JavaScript calls of the public API.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('CanaryService', 'renderCanaryService', 'chart', code)(CanaryService, renderCanaryService, chart);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`the quoted input threw nothing:\n${code}`);
}

/** The message `new CanaryService(chart, id, props)` throws in a chart with id `shop`. */
function constructMessage(id: string, props: unknown): string {
  return messageOf(`new CanaryService(chart, ${JSON.stringify(id)}, ${JSON.stringify(props)});`);
}

describe.each(['README.md', 'docs/canary-service.md'])('%s', (file) => {
  const markdown = read(file);

  it('quotes at least one error block, each with its input', () => {
    expect(quotedErrors(markdown).length).toBeGreaterThan(0);
  });

  it.each(quotedErrors(markdown).map((q) => [q.quoted.split('\n')[0], q] as const))('quotes "%s" exactly as the code throws it', (_title, q) => {
    expect(q.quoted).toBe(messageOf(q.input));
  });
});

describe('README.md', () => {
  it('quotes the construct error of the issue with its construct path, not a quoted service name', () => {
    expect(read('README.md')).toContain('CanaryService at shop/podinfo has 2 problems');
    expect(read('README.md')).not.toMatch(/CanaryService "podinfo" has 2 problems/);
  });

  it('quotes only options the CLI commands have', () => {
    const cli = buildCli();
    const uses = [...read('README.md').matchAll(/npm run (\w+) -- ([^`\n]*)/g)].map((m) => ({ command: m[1], flags: [...m[2].matchAll(/(?<=^|[\s[])(-{1,2}[A-Za-z][-\w]*)/g)].map((f) => f[1]) }));
    expect(uses.length).toBeGreaterThan(3);
    for (const use of uses) {
      const command = cli.commands.find((c) => c.name() === use.command);
      expect(command).toBeDefined();
      const known = command?.options.flatMap((o) => [o.long, o.short]) ?? [];
      for (const flag of use.flags) expect({ command: use.command, flag, known: known.includes(flag) }).toEqual({ command: use.command, flag, known: true });
    }
  });
});

describe('docs/canary-service.md inline messages', () => {
  const doc = read('docs/canary-service.md');
  const props: CanaryServiceProps = {
    image: 'nginx:latest',
    port: 9898,
    strategy: { kind: 'canary', stepWeight: 10, maxWeight: 120 },
    scaling: { kind: 'autoscaled', minReplicas: 5, maxReplicas: 3 },
  };

  it('quotes the title the construct gives the same three problems', () => {
    const [title] = constructMessage('podinfo', props).split('\n');
    expect(title).toBe('CanaryService at shop/podinfo has 3 problems');
    expect(doc).toContain(`\`${title}\``);
  });

  it('quotes the problem of props that are not an object', () => {
    const [title, problem] = messageOf("new CanaryService(chart, 'podinfo', undefined);").split('\n');
    expect(doc).toContain(`\`${title}\``);
    expect(doc).toContain(`\`${problem.replace(/^ {2}- /, '')}\``);
  });
});
