/**
 * The CanaryService spec: every validation rule with its exact message, defaults, and the guarantees of
 * validation (every problem at once, nothing rendered from bad input, resolved specs are valid props).
 */
import { formatProblem, isValidationError, ValidationError } from '../../../packages/shared';
import { DEFAULTS, Duration, renderCanaryService, validateCanaryServiceProps, type CanaryServiceProps } from '../../../packages/canary/index';

const BASE = { image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Every problem line for `props` (merged over a valid base), or [] when valid. */
function problems(props: Record<string, unknown>, name = 'podinfo'): string[] {
  try {
    validateCanaryServiceProps(name, { ...BASE, ...props });
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return (err as ValidationError).problems.map(formatProblem);
  }
}

describe('validateCanaryServiceProps accepts', () => {
  it('the minimal spec (image and port) and fills every default', () => {
    const spec = validateCanaryServiceProps('podinfo', BASE);
    expect(spec.name).toBe('podinfo');
    expect(spec.namespace).toBe(DEFAULTS.namespace);
    expect(spec.engine).toBe('flagger');
    expect(spec.servicePort).toBe(9898);
    expect(spec.strategy).toEqual({ kind: 'canary', stepWeights: [5, 10, 20, 50] });
    expect(spec.analysis.interval.toString()).toBe('30s');
    expect(spec.analysis.threshold).toBe(2);
    expect(spec.scaling).toEqual(DEFAULTS.scaling);
    expect(spec.webhooks.acceptanceTest).toEqual({
      command: 'curl -sSf --max-time 10 -o /dev/null http://podinfo-canary.default:9898/readyz',
      timeout: Duration.seconds(30),
    });
  });

  it('images pinned by tag, by digest, or both, with registry ports', () => {
    for (const image of ['nginx:1.27.3', `nginx@${DIGEST}`, `ghcr.io/a/b:1.0@${DIGEST}`, 'localhost:5000/team/app:v2', 'europe-docker.pkg.dev/p/r/app:2026.01.1']) {
      expect(problems({ image })).toEqual([]);
    }
  });

  it('the namespace of the surroundings when the props set none, and the props namespace over it', () => {
    expect(validateCanaryServiceProps('podinfo', BASE, { namespace: 'shop' }).namespace).toBe('shop');
    expect(validateCanaryServiceProps('podinfo', { ...BASE, namespace: 'team' }, { namespace: 'shop' }).namespace).toBe('team');
  });

  it('props.name over the name argument', () => {
    expect(validateCanaryServiceProps('construct-id', { ...BASE, name: 'podinfo' }).name).toBe('podinfo');
  });

  it('durations as Duration values or strings, resolving both to Durations', () => {
    const spec = validateCanaryServiceProps('podinfo', { ...BASE, analysis: { interval: Duration.minutes(1), progressDeadline: '10m' } });
    expect(spec.analysis.interval).toEqual(Duration.minutes(1));
    expect(spec.analysis.progressDeadline.toSeconds()).toBe(600);
  });

  it('the linear schedule form and leaves the other form absent', () => {
    const spec = validateCanaryServiceProps('podinfo', { ...BASE, strategy: { kind: 'canary', stepWeight: 10, maxWeight: 50 } });
    expect(spec.strategy).toEqual({ kind: 'canary', stepWeight: 10, maxWeight: 50 });
  });

  it('DEFAULTS themselves: a spec spelling out every default validates', () => {
    const explicit: CanaryServiceProps = {
      ...BASE,
      resources: DEFAULTS.resources,
      probes: DEFAULTS.probes,
      shutdown: DEFAULTS.shutdown,
      rollingUpdate: DEFAULTS.rollingUpdate,
      scaling: DEFAULTS.scaling,
      security: DEFAULTS.security,
      tmpSizeLimit: DEFAULTS.tmpSizeLimit,
      topologySpread: DEFAULTS.topologySpread,
      traffic: DEFAULTS.traffic,
      strategy: DEFAULTS.strategy,
      analysis: { ...DEFAULTS.analysis, checks: { ...DEFAULTS.checks, business: [] } as never },
      platform: DEFAULTS.platform,
    };
    expect(() => validateCanaryServiceProps('podinfo', explicit)).toThrow(ValidationError); // checks.businessInterval is not a prop
    const { businessInterval: _unused, ...checks } = DEFAULTS.checks;
    expect(validateCanaryServiceProps('podinfo', { ...explicit, analysis: { ...DEFAULTS.analysis, checks } })).toEqual(validateCanaryServiceProps('podinfo', BASE));
  });
});

describe('validation guarantees', () => {
  it('reports every problem of a spec in one ValidationError: field rules in prop order, then cross-prop rules', () => {
    const bad = { image: 'nginx:latest', port: 70000, strategy: { kind: 'canary', stepWeight: 20, maxWeight: 120 }, scaling: { kind: 'autoscaled', minReplicas: 5, maxReplicas: 3 } };
    let caught: unknown;
    try {
      validateCanaryServiceProps('podinfo', bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as Error).message).toBe(
      [
        'CanaryService "podinfo" has 4 problems',
        '  - podinfo: image "nginx:latest" must be pinned by a tag other than latest or by a digest (e.g. nginx:1.27.3 or nginx@sha256:...)',
        '  - podinfo: port (70000) must be 1-65535',
        '  - podinfo: strategy.maxWeight (120) must be 1-100',
        '  - podinfo: scaling.minReplicas (5) must be at most scaling.maxReplicas (3)',
      ].join('\n'),
    );
  });

  it('renders nothing from bad input: renderCanaryService throws before producing any object', () => {
    expect(() => renderCanaryService({ name: 'podinfo', image: 'nginx', port: 9898 })).toThrow(ValidationError);
  });

  it('returns a frozen spec, and the same spec when given one it returned', () => {
    const spec = validateCanaryServiceProps('podinfo', BASE);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.analysis.checks)).toBe(true);
    expect(validateCanaryServiceProps('other', spec)).toBe(spec);
  });

  it('accepts a resolved spec (or a copy of one) as props and resolves it to an equal spec', () => {
    const spec = validateCanaryServiceProps('podinfo', {
      ...BASE,
      strategy: { kind: 'abTesting', match: [{ kind: 'cookie', name: 'canary', value: 'always' }] },
      alerts: [{ name: 'on-call', type: 'slack', secretName: 'slack-url' }],
      ingress: { hosts: ['podinfo.example.com'] },
      webhooks: { postRollout: { url: 'https://hooks.internal/released' } },
    });
    expect(validateCanaryServiceProps('podinfo', { ...spec })).toEqual(spec);
    expect(validateCanaryServiceProps('podinfo', JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('names the subject by props.name when it is given, even when it is invalid', () => {
    expect(problems({ name: 'Podinfo' }, 'construct-id')).toEqual([
      `Podinfo: name "Podinfo" must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ]);
  });

  it('refuses input that is not an object', () => {
    expect(() => validateCanaryServiceProps('podinfo', 'image: nginx')).toThrow('podinfo: props must be an object');
  });
});

/** [rule, props merged over a valid base, every expected problem line]. */
type Case = readonly [string, Record<string, unknown>, readonly string[]];

const NAME_RULE = "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";

const IDENTITY_AND_IMAGE: readonly Case[] = [
  ['unknown top-level field', { replicas: 3 }, [
    'podinfo: replicas is not a known field (valid fields: alerts, analysis, args, command, engine, env, envFrom, extraPorts, image, ingress, labels, metrics, name, namespace, platform, podAnnotations, port, probes, resources, rollingUpdate, scaling, security, serviceAccount, servicePort, shutdown, strategy, tmpSizeLimit, topologySpread, traffic, webhooks)',
  ]],
  ['name not a DNS-1123 label', { name: 'pod_info' }, [`pod_info: name "pod_info" ${NAME_RULE}`]],
  ['name longer than 55', { name: 'a'.repeat(56) }, [`${'a'.repeat(56)}: name "${'a'.repeat(56)}" must be at most 55 characters, so that Flagger's "<name>-primary" and "<name>-canary" stay within 63`]],
  ['namespace not a DNS-1123 label', { namespace: 'Shop' }, [`podinfo: namespace "Shop" ${NAME_RULE}`]],
  ['engine unknown', { engine: 'spinnaker' }, ['podinfo: engine "spinnaker" must be one of "flagger", "argoRollouts"']],
  ['image required', { image: undefined }, ['podinfo: image is required']],
  ['image tag latest', { image: 'nginx:latest' }, ['podinfo: image "nginx:latest" must be pinned by a tag other than latest or by a digest (e.g. nginx:1.27.3 or nginx@sha256:...)']],
  ['image without tag', { image: 'ghcr.io/stefanprodan/podinfo' }, [
    'podinfo: image "ghcr.io/stefanprodan/podinfo" must be pinned by a tag other than latest or by a digest (e.g. ghcr.io/stefanprodan/podinfo:1.27.3 or ghcr.io/stefanprodan/podinfo@sha256:...)',
  ]],
  ['image not a reference', { image: 'Nginx:1.0' }, ['podinfo: image "Nginx:1.0" is not a valid image reference; expected [registry/]repository:tag or [registry/]repository@sha256:<64 hex digits>']],
  ['image digest malformed', { image: 'nginx@sha256:abc' }, ['podinfo: image "nginx@sha256:abc" has an invalid digest; expected @sha256: followed by 64 lower-case hex digits']],
];

const PORTS_AND_ENV: readonly Case[] = [
  ['port required', { port: undefined }, ['podinfo: port is required']],
  ['port not a number', { port: '9898' }, ['podinfo: port "9898" must be a number']],
  ['port out of range', { port: 0 }, ['podinfo: port (0) must be 1-65535']],
  ['port not whole', { port: 80.5 }, ['podinfo: port (80.5) must be a whole number']],
  ['port reserved by Istio', { port: 15021 }, ['podinfo: port (15021) is reserved by the Istio sidecar (15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090); use another port']],
  ['servicePort out of range', { servicePort: 65536 }, ['podinfo: servicePort (65536) must be 1-65535']],
  ['extra port named http', { extraPorts: [{ name: 'http', port: 9797 }] }, ['podinfo: extraPorts[0].name "http" is taken by the main port; choose another name']],
  ['extra port name too long', { extraPorts: [{ name: 'metrics-endpoint-x', port: 9797 }] }, ['podinfo: extraPorts[0].name "metrics-endpoint-x" must be at most 15 characters (an IANA service name)']],
  ['extra port name not IANA', { extraPorts: [{ name: 'Metrics', port: 9797 }] }, [`podinfo: extraPorts[0].name "Metrics" must be an IANA service name: lower-case letters, digits and '-', with at least one letter`]],
  ['extra port protocol', { extraPorts: [{ name: 'metrics', port: 9797, protocol: 'SCTP' }] }, ['podinfo: extraPorts[0].protocol "SCTP" must be one of "TCP", "UDP"']],
  ['extra port equals main port', { extraPorts: [{ name: 'metrics', port: 9898 }] }, ['podinfo: extraPorts[0].port (9898) is the main port; extra ports must differ from it']],
  ['extra ports repeated', { extraPorts: [{ name: 'metrics', port: 9797 }, { name: 'metrics', port: 9797 }] }, [
    'podinfo: extraPorts[1].port (9797) repeats extraPorts[0]',
    'podinfo: extraPorts[1].name "metrics" repeats extraPorts[0]',
  ]],
  ['command not a list of strings', { command: 'serve' }, ['podinfo: command "serve" must be a list']],
  ['env name invalid', { env: { 'LOG-LEVEL': 'info' } }, ['podinfo: env["LOG-LEVEL"] is not a valid variable name: letters, digits and _, not starting with a digit']],
  ['env value neither string nor reference', { env: { PORT: 9898 } }, ['podinfo: env.PORT (9898) must be a string, or an object with exactly one of secretKeyRef, configMapKeyRef or fieldPath']],
  ['env secret reference without key', { env: { DB_PASSWORD: { secretKeyRef: { name: 'db' } } } }, ['podinfo: env.DB_PASSWORD.secretKeyRef.key is required']],
  ['env secret key invalid', { env: { DB_PASSWORD: { secretKeyRef: { name: 'db', key: 'pass word' } } } }, [
    `podinfo: env.DB_PASSWORD.secretKeyRef.key "pass word" must be a Secret or ConfigMap key: letters, digits, '-', '_' and '.'`,
  ]],
  ['env fieldPath unsupported', { env: { NODE: { fieldPath: 'spec.hostname' } } }, [
    'podinfo: env.NODE.fieldPath "spec.hostname" must be one of "metadata.name", "metadata.namespace", "status.podIP", "spec.nodeName"',
  ]],
  ['envFrom neither secretRef nor configMapRef', { envFrom: [{ secret: 'db' }] }, ['podinfo: envFrom[0] must be an object with exactly one of secretRef or configMapRef']],
];

const RESOURCES_AND_POD: readonly Case[] = [
  ['quantity invalid', { resources: { requests: { cpu: '100 m' } } }, ['podinfo: resources.requests.cpu "100 m" must be a Kubernetes quantity such as "100m", "0.5", "128Mi" or "1Gi"']],
  ['requests above limits', { resources: { requests: { memory: '512Mi' } } }, ['podinfo: resources.requests.memory "512Mi" must not exceed resources.limits.memory (256Mi)']],
  ['probe path without slash', { probes: { readiness: { path: 'readyz' } } }, ["podinfo: probes.readiness.path \"readyz\" must start with '/' and contain no spaces"]],
  ['probe period fractional', { probes: { liveness: { period: '1500ms' } } }, ['podinfo: probes.liveness.period "1500ms" must be a whole number of seconds']],
  ['probe duration malformed', { probes: { startup: { timeout: '2 seconds' } } }, ['podinfo: probes.startup.timeout "2 seconds" must be a duration such as "30s", "1m" or "1m30s" (whole numbers of h, m, s or ms)']],
  ['probe failureThreshold out of range', { probes: { startup: { failureThreshold: 0 } } }, ['podinfo: probes.startup.failureThreshold (0) must be 1-100']],
  ['preStop pause shorter than 1s', { shutdown: { preStopSleep: '0s' } }, ['podinfo: shutdown.preStopSleep "0s" must be at least 1s (connections need time to drain)']],
  ['grace period not longer than preStop', { shutdown: { preStopSleep: '30s', terminationGracePeriod: '30s' } }, [
    'podinfo: shutdown.terminationGracePeriod "30s" must be longer than shutdown.preStopSleep (30s), or the app is killed before it can finish requests',
  ]],
  ['rolling amount malformed', { rollingUpdate: { maxSurge: '150%' } }, ['podinfo: rollingUpdate.maxSurge "150%" must be a whole number 0-1000 or a percentage 0%-100% such as "25%"']],
  ['rolling update that cannot progress', { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }, ['podinfo: rollingUpdate maxSurge and maxUnavailable cannot both be 0: the rollout could never make progress']],
  ['scaling kind unknown', { scaling: { kind: 'keda' } }, ['podinfo: scaling.kind "keda" must be one of "autoscaled", "fixed"']],
  ['minReplicas above maxReplicas', { scaling: { kind: 'autoscaled', minReplicas: 5, maxReplicas: 3 } }, ['podinfo: scaling.minReplicas (5) must be at most scaling.maxReplicas (3)']],
  ['fixed replicas missing', { scaling: { kind: 'fixed' } }, ['podinfo: scaling.replicas is required']],
  ['CPU target out of range', { scaling: { kind: 'autoscaled', targetCpuUtilization: 120 } }, ['podinfo: scaling.targetCpuUtilization (120) must be 1-100']],
  ['runAsUser root', { security: { runAsUser: 0 } }, ['podinfo: security.runAsUser (0) is root; the container must run as a non-root user (1-2147483647)']],
  ['runAsUser of the Istio sidecar', { security: { runAsUser: 1337 } }, ["podinfo: security.runAsUser (1337) is the Istio sidecar's UID (1337); choose another"]],
  ['tmp size limit malformed', { tmpSizeLimit: '64MB' }, ['podinfo: tmpSizeLimit "64MB" must be a Kubernetes quantity such as "100m", "0.5", "128Mi" or "1Gi"']],
  ['topology skew out of range', { topologySpread: { maxSkew: 0 } }, ['podinfo: topologySpread.maxSkew (0) must be 1-10']],
  ['topology policy unknown', { topologySpread: { whenUnsatisfiable: 'Never' } }, ['podinfo: topologySpread.whenUnsatisfiable "Never" must be one of "ScheduleAnyway", "DoNotSchedule"']],
  ['ServiceAccount annotation key invalid', { serviceAccount: { annotations: { 'bad key': 'x' } } }, [
    `podinfo: serviceAccount.annotations["bad key"] is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
  ]],
  ['label value invalid', { labels: { team: 'Team A' } }, [
    `podinfo: labels.team "Team A" must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
  ]],
  ['label reserved', { labels: { app: 'other' } }, ['podinfo: labels.app is set by CanaryService (Flagger selects pods by app=<name>); remove it']],
  ['pod annotation key invalid', { podAnnotations: { '/x': 'y' } }, [
    `podinfo: podAnnotations["/x"] is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
  ]],
];

describe.each([
  ['identity and image', IDENTITY_AND_IMAGE],
  ['ports and environment', PORTS_AND_ENV],
  ['resources and pod', RESOURCES_AND_POD],
] as const)('validation rules: %s', (_group, cases) => {
  it.each(cases)('rejects %s', (_rule, props, expected) => {
    expect(problems(props)).toEqual(expected);
  });
});
