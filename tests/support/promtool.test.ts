import { describeWithPromtool, findPromtool, PROMTOOL_INSTALL_HINT, promtoolRequired, skipBanner } from './promtool';

describe('describeWithPromtool without promtool', () => {
  const warnings: string[] = [];
  let bodyRan = false;
  // Registers a skipped suite (listed by jest as skipped) and prints the banner through `warn`.
  describeWithPromtool(
    'example suite',
    () => {
      bodyRan = true;
    },
    null,
    false,
    (m) => warnings.push(m),
  );

  it('skips loudly: the warning names the suite, says the tests did not run and how to install promtool', () => {
    expect(warnings).toEqual([skipBanner('example suite')]);
    expect(warnings[0]).toContain('SKIPPED: "example suite"');
    expect(warnings[0]).toContain('DID NOT RUN');
    expect(warnings[0]).toContain('apt-get install -y prometheus');
    expect(bodyRan).toBe(false);
  });

  it('fails instead when REQUIRE_PROMTOOL is set', () => {
    expect(promtoolRequired({ REQUIRE_PROMTOOL: '1' })).toBe(true);
    expect(promtoolRequired({ REQUIRE_PROMTOOL: 'true' })).toBe(true);
    expect(promtoolRequired({})).toBe(false);
  });

  it('tells how to install promtool on Debian and Ubuntu', () => {
    expect(PROMTOOL_INSTALL_HINT).toContain('apt-get install -y prometheus');
  });
});

describe('findPromtool', () => {
  it('returns a working promtool or undefined, never a broken one', () => {
    const promtool = findPromtool();
    if (promtool === undefined) {
      console.warn(skipBanner('findPromtool'));
      return;
    }
    expect(promtool.version).toMatch(/^promtool, version \d+\.\d+/);
    expect(promtool.checkRules({ 'ok.yaml': { groups: [{ name: 'g', rules: [{ record: 'a:b', expr: 'vector(1)' }] }] } }).ok).toBe(true);
  });
});
