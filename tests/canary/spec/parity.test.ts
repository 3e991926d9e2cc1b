/**
 * Feature parity: every feature Argo Rollouts cannot express is rejected, with its exact message, by the
 * CanaryService validation when `engine` is `argoRollouts` (and accepted with `flagger`); the parity table
 * lists exactly these rejections.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { renderCanaryService, type NamedCanaryServiceProps } from '../../../packages/canary';
import { renderArgoRollouts } from '../../../packages/canary/engines/argo-rollouts';
import { PARITY_TABLE, parityTableMarkdown, validateCanaryServiceProps } from '../../../packages/canary/spec';
import { formatProblem, isValidationError } from '../../../packages/shared';

const BASE = { name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

/** The problem lines validation reports for `props`, or [] when valid. */
function problems(props: Record<string, unknown>): string[] {
  try {
    validateCanaryServiceProps('podinfo', { ...BASE, ...props });
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return err.problems.map(formatProblem);
  }
}

const ENGINE = 'is not supported by engine "argoRollouts"';

/** One test per rejected feature of the parity table: the props that ask for it and the exact message. */
const REJECTIONS: Record<string, { props: Record<string, unknown>; message: string }> = {
  'Webhook after promotion or rollback': {
    props: { webhooks: { postRollout: { url: 'https://hooks.example.com/releases' } } },
    message: `podinfo: webhooks.postRollout.url "https://hooks.example.com/releases" ${ENGINE} (post-rollout webhook): Argo Rollouts calls no webhook after a promotion or a rollback; remove it and use alerts, or use engine "flagger"`,
  },
  'Slack alert without a channel': {
    props: { alerts: [{ name: 'team', type: 'slack', secretName: 'slack' }] },
    message:
      'podinfo: alerts[0].channel is required by engine "argoRollouts" (Slack alert): an Argo Rollouts subscription names its channel, it has no webhook default; set it (the controller\'s Slack app must be invited to it)',
  },
  'Alert sender name': {
    props: { alerts: [{ name: 'team', type: 'slack', secretName: 'slack', channel: 'releases', username: 'release-bot' }] },
    message: `podinfo: alerts[0].username "release-bot" ${ENGINE} (alert sender name): Argo Rollouts posts as the Slack app configured once on the controller; remove username, or use engine "flagger"`,
  },
  'Rocket.Chat, MS Teams, Discord alerts': {
    props: {
      alerts: [
        { name: 'rocket', type: 'rocket', secretName: 'rocket', channel: 'releases' },
        { name: 'teams', type: 'msteams', secretName: 'teams' },
        { name: 'discord', type: 'discord', secretName: 'discord' },
      ],
    },
    message: [
      `podinfo: alerts[0].type "rocket" ${ENGINE} (Rocket.Chat alerts): Argo's Rocket.Chat service logs in as a bot user (email and password), not with the webhook address this alert's Secret holds; use type "slack", or engine "flagger"`,
      `podinfo: alerts[1].type "msteams" ${ENGINE} (MS Teams alerts): Argo's Teams service takes its webhook addresses in the controller's configuration, not from the service's Secret; use type "slack", or engine "flagger"`,
      `podinfo: alerts[2].type "discord" ${ENGINE} (Discord alerts): Argo Rollouts has no Discord notification service; use type "slack", or engine "flagger"`,
    ].join('\n'),
  },
  'Business metric selecting the canary pods by {{ target }}': {
    props: { analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total{app="{{ target }}"}[{{ interval }}]))', min: 1 }] } } },
    message: `podinfo: analysis.checks.business[0].query ${ENGINE} (business metric selecting the canary by {{ target }}): stable and canary pods of a Rollout share one workload name, so {{ target }} would measure both versions; query the whole service ({{ namespace }}, {{ service }}), or use engine "flagger"`,
  },
  'Business metric named request-success-rate, request-duration, acceptance-test, load-test or judge': {
    props: { analysis: { checks: { business: [{ name: 'load-test', query: 'sum(rate(orders_total[1m]))', min: 1 }] } } },
    message: `podinfo: analysis.checks.business[0].name "load-test" ${ENGINE} (business metric named like a built-in analysis): Argo Rollouts needs unique metric names and uses request-success-rate, request-duration, acceptance-test, load-test, judge itself; choose another name`,
  },
  'Manual gate before a blue/green release starts': {
    props: { strategy: { kind: 'blueGreen' }, webhooks: { confirmRollout: true } },
    message: `podinfo: webhooks.confirmRollout (true) ${ENGINE} (manual gate before a blue/green release starts): Argo's blueGreen strategy starts the preview pods at once and has no step before them; use confirmPromotion, or engine "flagger"`,
  },
};

describe.each(Object.entries(REJECTIONS))('%s', (_feature, { props, message }) => {
  it('is rejected for engine argoRollouts with a message naming the feature and the engine', () => {
    expect(problems({ ...props, engine: 'argoRollouts' })).toEqual(message.split('\n'));
  });

  it('is accepted for engine flagger', () => {
    expect(problems({ ...props, engine: 'flagger' })).toEqual([]);
  });
});

describe('the parity table', () => {
  it('lists every rejected feature, and every rejection has a test above', () => {
    const rejectedRows = PARITY_TABLE.filter((row) => row.argoRollouts.level === 'rejected').map((row) => row.feature);
    const partlyRejected = PARITY_TABLE.filter((row) => row.argoRollouts.how.includes('rejected for')).map((row) => row.feature);
    expect([...rejectedRows, ...partlyRejected].sort()).toEqual(
      Object.keys(REJECTIONS)
        .map((f) => (f === 'Manual gate before a blue/green release starts' ? 'Manual gate before the release starts' : f))
        .sort(),
    );
  });

  it('never rejects a feature for Flagger (every CanaryService feature comes from Flagger)', () => {
    expect(PARITY_TABLE.filter((row) => row.flagger.level !== 'native')).toEqual([]);
  });

  it('names a prop for every feature', () => {
    for (const row of PARITY_TABLE) expect(row.props).not.toBe('');
  });
});

describe('rejection', () => {
  it('reports every unsupported feature together with every other problem, before rendering', () => {
    expect(problems({ engine: 'argoRollouts', port: 0, webhooks: { postRollout: { url: 'https://x.example.com/' } }, alerts: [{ name: 'a', type: 'discord', secretName: 's' }] })).toEqual([
      'podinfo: port (0) must be 1-65535',
      `podinfo: webhooks.postRollout.url "https://x.example.com/" ${ENGINE} (post-rollout webhook): Argo Rollouts calls no webhook after a promotion or a rollback; remove it and use alerts, or use engine "flagger"`,
      `podinfo: alerts[0].type "discord" ${ENGINE} (Discord alerts): Argo Rollouts has no Discord notification service; use type "slack", or engine "flagger"`,
    ]);
  });

  it('guards direct calls of the renderer with a spec validated for another engine', () => {
    const spec = validateCanaryServiceProps('podinfo', { ...BASE, webhooks: { postRollout: { url: 'https://x.example.com/' } } });
    expect(() => renderArgoRollouts({ ...spec, engine: 'argoRollouts' })).toThrow(
      `CanaryService "podinfo" cannot run on engine "argoRollouts"\n  - podinfo: webhooks.postRollout.url "https://x.example.com/" ${ENGINE} (post-rollout webhook)`,
    );
  });

  it('renders nothing for a rejected spec', () => {
    const props = { ...BASE, engine: 'argoRollouts', alerts: [{ name: 'a', type: 'rocket', secretName: 's' }] } as NamedCanaryServiceProps;
    expect(() => renderCanaryService(props)).toThrow(/Rocket\.Chat alerts/);
  });

  it('accepts the supported features: confirm gates on canary steps, rollback gate, Slack alerts with a channel, service-wide business metrics, the judge', () => {
    expect(
      problems({
        engine: 'argoRollouts',
        strategy: { kind: 'blueGreen', mirrorWeight: 50 },
        webhooks: { confirmRollout: true, confirmPromotion: true, rollbackGate: true },
        alerts: [{ name: 'team', type: 'slack', secretName: 'slack', channel: 'releases' }],
        analysis: { checks: { business: [{ name: 'orders', query: 'sum(rate(orders_total{namespace="{{ namespace }}"}[{{ interval }}]))', min: 1 }] }, judge: {} },
      }),
    ).toEqual([]);
  });
});

describe('docs/argo-rollouts.md', () => {
  it('embeds the parity table exactly as PARITY_TABLE renders it', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'argo-rollouts.md'), 'utf8');
    const embedded = doc.slice(doc.indexOf('<!-- parity-table:start -->') + '<!-- parity-table:start -->'.length, doc.indexOf('<!-- parity-table:end -->')).trim();
    expect(embedded).toBe(parityTableMarkdown());
  });
});
