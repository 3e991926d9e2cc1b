/**
 * A module program (top-level code, like stacks/platform/index.ts) runs once per process. When a module cache keeps it, a
 * second render must fail loudly instead of writing an empty stack.
 */
import { join } from 'node:path';
import { runProgramOffline } from '../../tools/offline/engine';

const options = { project: 'once', stack: 'dev', program: 'index.ts', rootDirectory: join(__dirname, 'fixtures', 'once') };

describe('offline engine: module programs', () => {
  it('records the first run, and refuses to pass a cached second run off as an empty stack', async () => {
    const first = await runProgramOffline(options);
    expect(first.registrations.map((r) => r.type)).toEqual(expect.arrayContaining(['once:index:Thing']));
    await expect(runProgramOffline(options)).rejects.toThrow(/registered no resources\. A module program runs once per process/);
  });
});
