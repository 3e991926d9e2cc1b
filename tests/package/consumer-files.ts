/**
 * Files of the temporary team project the packed-install test creates: a TypeScript file importing the public API
 * (root and every subpath), a probe of import cost, the team stack run under Pulumi mocks, and a tiny Pulumi
 * project for `canary-platform synth`. They import `canary-platform` by name, as a team project does.
 */

/** tsconfig of the team project, as a team would write it (moduleResolution node10 relies on typesVersions). */
export function consumerTsconfig(files: readonly string[], outDir: string): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node10',
        lib: ['ES2022'],
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        outDir,
        rootDir: '.',
        types: ['node'],
      },
      files,
    },
    null,
    2,
  );
}

/**
 * Uses the public API from the root and every subpath: renders a CanaryService with cdk8s and with
 * renderCanaryService, validates the objects with the package's schemas, runs the policies, catches a
 * ValidationError, and prints one JSON report.
 */
export const CONSUMER_TS = `import { App, Chart } from 'cdk8s';
import {
  argoRollouts,
  CanaryService,
  deployCanaryChart,
  evaluatePolicies,
  Flagger,
  GkeCluster,
  Istio,
  isValidationError,
  Observability,
  Platform,
  POLICY_RULES,
  renderCanaryService,
  validateObject,
  validatePromQL,
  type CanaryServiceProps,
  type FlaggerArgs,
  type GkeClusterArgs,
  type IstioArgs,
  type KubeObject,
  type ObservabilityArgs,
  type PlatformArgs,
} from 'canary-platform';
import * as argo from 'canary-platform/argo-rollouts';
import * as canary from 'canary-platform/canary';
import * as platform from 'canary-platform/platform';
import * as policies from 'canary-platform/policies';
import * as validation from 'canary-platform/validation';

const props: CanaryServiceProps = {
  image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
  port: 9898,
  ingress: { hosts: ['podinfo.example.com'] },
  strategy: { kind: 'canary', stepWeights: [10, 30, 60] },
};

const app = new App();
const chart = new Chart(app, 'demo', { namespace: 'demo' });
const service = new CanaryService(chart, 'podinfo', props);
const synthesized = chart.toJson() as KubeObject[];
const rendered = renderCanaryService({ name: 'podinfo', namespace: 'demo', ...props });

let invalid: string[] = [];
try {
  new CanaryService(chart, 'broken', { image: 'nginx:latest', port: 70000 });
} catch (err) {
  invalid = isValidationError(err) ? err.message.split('\\n') : ['not a ValidationError: ' + String(err)];
}

// Types of the Pulumi components resolve (they are not instantiated here: that needs a Pulumi engine or mocks).
type ComponentArgs = [PlatformArgs, GkeClusterArgs, IstioArgs, ObservabilityArgs, FlaggerArgs];
const componentArgCount: ComponentArgs['length'] = 5;

// Key order aside, the construct's objects are what renderCanaryService returns (it sorts keys; cdk8s may not).
const sortKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]))
      : value;

const result = evaluatePolicies({ objects: synthesized, environment: 'prod' });
process.stdout.write(
  JSON.stringify({
    kinds: synthesized.map((o) => o.kind + '/' + o.metadata.name).sort(),
    sameAsRender: JSON.stringify(synthesized.map((o) => sortKeys(o))) === JSON.stringify(rendered),
    objectsOfConstruct: service.objects.length,
    schemaProblems: synthesized.flatMap((o) => validateObject(o)),
    promqlProblems: validatePromQL('sum(rate(istio_requests_total[1m]))').length,
    promqlRejects: validatePromQL('sum(rate(istio_requests_total[1m])').length > 0,
    policyRules: POLICY_RULES.length,
    policyViolations: result.violations.map((v) => v.ruleId + ' ' + v.subject),
    invalid,
    components: [Platform, GkeCluster, Istio, Observability, Flagger].map((c) => typeof c),
    componentArgCount,
    bridge: typeof deployCanaryChart,
    subpathsAreTheRoot: [
      canary.CanaryService === CanaryService,
      platform.Platform === Platform && platform.deployCanaryChart === deployCanaryChart,
      policies.evaluatePolicies === evaluatePolicies,
      validation.validateObject === validateObject,
      argo.renderArgoRollouts === argoRollouts.renderArgoRollouts,
    ],
  }),
);
`;

/** Measures what importing `specifier` costs and whether it loads Pulumi; prints JSON. */
export function importProbe(specifier: string): string {
  return `const started = process.hrtime.bigint();
const api = require(${JSON.stringify(specifier)});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const modules = Object.keys(require.cache);
process.stdout.write(JSON.stringify({
  ms,
  modules: modules.length,
  pulumi: modules.some((m) => m.includes('/@pulumi/')),
  exports: Object.keys(api).length,
}));
`;
}

/**
 * Proves the team project and the installed package share one copy of each SDK: `cdk8s` resolves to the same file
 * from the project and from inside canary-platform, only one cdk8s and one constructs are loaded after a
 * CanaryService is added to a chart made with the team's cdk8s, and the package has no nested node_modules.
 */
export const SDK_COPIES_PROBE = `const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');
const packageDir = dirname(require.resolve('canary-platform/package.json'));
const { App, Chart } = require('cdk8s');
const { CanaryService } = require('canary-platform/canary');
const chart = new Chart(new App(), 'demo', { namespace: 'demo' });
const service = new CanaryService(chart, 'podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898 });
const copies = (name) => new Set(Object.keys(require.cache).map((file) => file.match(new RegExp('^(.*/node_modules/' + name + ')/'))).filter(Boolean).map((m) => m[1])).size;
process.stdout.write(JSON.stringify({
  cdk8sVersion: require('cdk8s/package.json').version,
  sameFile: require.resolve('cdk8s') === require.resolve('cdk8s', { paths: [join(packageDir, 'build')] }),
  loadedCdk8sCopies: copies('cdk8s'),
  loadedConstructsCopies: copies('constructs'),
  constructInTeamChart: chart.node.children.includes(service) && Chart.of(service) === chart,
  nestedNodeModules: existsSync(join(packageDir, 'node_modules')),
}));
`;

/**
 * Runs the compiled team-stack example under Pulumi mocks (the platform stack's outputs stand in for a real
 * StackReference) and prints its outputs and registered resources when every registration has settled.
 */
export const RUN_TEAM_STACK_JS = `const pulumi = require('@pulumi/pulumi');
const registered = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type === 'pulumi:pulumi:StackReference') {
        return {
          id: args.inputs.name,
          state: {
            name: args.inputs.name,
            secretOutputNames: ['kubeconfig'],
            outputs: {
              kubeconfig: 'apiVersion: v1\\nkind: Config\\n',
              namespaces: { flagger: 'flagger-system', ingress: 'istio-ingress', istio: 'istio-system', monitoring: 'monitoring' },
              gatewayName: 'istio-ingress/public-gateway',
              gatewayHost: 'apps.acme.example',
              prometheusUrl: 'http://prometheus.monitoring:9090',
              loadTesterUrl: 'http://loadtester.flagger-system/',
            },
          },
        };
      }
      registered.push({ type: args.type, name: args.name, objs: Array.isArray(args.inputs.objs) ? args.inputs.objs.length : undefined });
      return { id: args.name + '-id', state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'team-shop',
  'dev',
  false,
  'acme',
);
let outputs;
require('./dist/team-stack/index.js')().then(
  (o) => { outputs = o; },
  (err) => { process.stderr.write(String(err && err.stack || err)); process.exitCode = 1; },
);
process.once('beforeExit', () => {
  process.stdout.write(JSON.stringify({ outputs, registered: registered.sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1)) }));
});
`;

/** A tiny team Pulumi project (JavaScript) for `canary-platform synth`: one CanaryService through deployCanaryChart. */
export const TINY_PROJECT: Readonly<Record<string, string>> = {
  'Pulumi.yaml': 'name: tiny\nruntime: nodejs\nmain: index.js\n',
  'Pulumi.dev.yaml': 'config:\n  tiny:namespace: demo\n',
  'index.js': `const k8s = require('@pulumi/kubernetes');
const pulumi = require('@pulumi/pulumi');
const { App, Chart } = require('cdk8s');
const { CanaryService, deployCanaryChart } = require('canary-platform');

const namespace = new pulumi.Config('tiny').require('namespace');
const provider = new k8s.Provider('cluster', { kubeconfig: pulumi.secret('apiVersion: v1\\nkind: Config\\n') });
const ns = new k8s.core.v1.Namespace(namespace, { metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } }, { provider });
const app = new App();
const chart = new Chart(app, namespace, { namespace });
new CanaryService(chart, 'podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.9.2', port: 9898 });
const group = deployCanaryChart(namespace + '-services', chart, { provider, dependsOn: [ns] });
module.exports = { services: group.urn };
`,
};
