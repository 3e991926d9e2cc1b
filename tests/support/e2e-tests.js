/**
 * The end-to-end tests: the ones that build, pack or install the package, or start the CLI many times, and take
 * from ten seconds to minutes each. They run with `npm run test:e2e` (jest.e2e.config.js), not with `npm test`.
 * A new test belongs here when it starts many processes or takes more than about 15 s; a file named
 * `*.e2e.test.ts` is picked up without being listed.
 */
module.exports = [
  // npm pack (the prepare build, on a copy), install into a team project, compile and run it and both examples.
  'tests/package/packed-install.test.ts',
  // The root's prepare build on a copy of the repository, then examples/cdk8s-app runs.
  'tests/examples/cdk8s-app-after-npm-ci.test.ts',
  // The CLI as a user runs it: many `canary-platform synth` processes.
  'tests/synth/cli-e2e.test.ts',
  // Every stack of the repository synthesised.
  'tests/synth/stacks.test.ts',
  // Processes killed in the middle of the output swap.
  'tests/synth/output-crash.test.ts',
  // Every stack's Helm values against the pinned charts (a synth process per stack, helm template).
  'tests/charts/values-vs-charts.test.ts',
  // Every stack rendered and checked against ../shared/crds (a synth process per stack).
  'tests/validation/conformance.test.ts',
  // Every layer of every stack rendered under mocks, against the single program (about 20 s).
  'tests/layers/layers.test.ts',
  // Every stack and the bench fixtures rendered and compared with the recorded fingerprint (about 10 s).
  'tests/layout/render-fingerprint.test.ts',
];
