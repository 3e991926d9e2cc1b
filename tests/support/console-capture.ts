/**
 * Capture of the warnings a test expects, asserted when the capture ends.
 */

/**
 * The warning the platform program logs (pulumi.log.warn, printed with console.warn under mocks) for an alert
 * channel configured without its webhook secret: the stack files of staging, prod and dr set alert channels,
 * and tests never hold the secrets.
 */
export const MISSING_WEBHOOK_SECRET = /canary-platform:alerts\.\w+ is set but canary-platform:\w+WebhookUrl is not: alerts stay in Alertmanager/;

/**
 * For the tests of the enclosing describe block (or file): captures console.warn from the first beforeAll to the
 * last afterAll, and asserts that every captured warning matches one of `expected`.
 */
export function expectOnlyWarnings(...expected: readonly RegExp[]): void {
  let warn: jest.SpyInstance<void, unknown[]>;
  beforeAll(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => {
    const warnings = warn.mock.calls.map((args) => args.map(String).join(' '));
    warn.mockRestore();
    expect(warnings.filter((text) => !expected.some((pattern) => pattern.test(text)))).toEqual([]);
  });
}
