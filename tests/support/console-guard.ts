/**
 * Runs before every test file (jest's setupFilesAfterEnv): a console.log, info, debug, warn or error that no test
 * asked for fails the test during which it was printed (or the file, when printed outside a test).
 *
 * A test that expects output captures it, which also keeps it off the terminal, and asserts it:
 *
 *   const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
 *   ...
 *   expect(warn).toHaveBeenCalledWith(expect.stringContaining('slackWebhookUrl is not'));
 *   warn.mockRestore();
 *
 * The guard replaces the console methods with plain functions (not mocks), so such a spy wraps the guard and the
 * expected output never reaches it.
 */
import { format } from 'node:util';

type Level = 'log' | 'info' | 'debug' | 'warn' | 'error';
const LEVELS: readonly Level[] = ['log', 'info', 'debug', 'warn', 'error'];

const unexpected: string[] = [];

for (const level of LEVELS) {
  const print = console[level].bind(console);
  console[level] = (...args: unknown[]): void => {
    unexpected.push(`console.${level}: ${format(...args)}`);
    print(...args);
  };
}

function failOnUnexpectedOutput(): void {
  if (unexpected.length === 0) return;
  const lines = unexpected.splice(0);
  throw new Error(
    `unexpected console output (capture it with jest.spyOn(console, ...) and assert it if it is expected):\n${lines.join('\n')}`,
  );
}

afterEach(failOnUnexpectedOutput);
afterAll(failOnUnexpectedOutput);
