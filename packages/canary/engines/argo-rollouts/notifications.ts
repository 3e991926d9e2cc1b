/**
 * Argo Rollouts notifications: the triggers the platform's controller add-on configures and the Rollout
 * annotations that subscribe a service's Slack channels to them.
 *
 * Argo Rollouts sends notifications through the notifications engine: the controller's
 * `argo-rollouts-notification-configmap` defines services (Slack, with its bot token), triggers and message
 * templates, and each Rollout subscribes with `notifications.argoproj.io/subscribe.<trigger>.<service>: <recipients>`.
 * The Helm chart ships no triggers, so the controller add-on installs exactly the ones below; a Rollout can only
 * subscribe to these.
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/notifications/
 */
import { requireObjectArguments } from '../../../shared';
import type { AlertSeverity } from '../../spec';

/** One notification trigger the controller add-on defines. */
export interface NotificationTrigger {
  /** Trigger name, an event the controller emits, for example `on-rollout-aborted`. */
  readonly name: string;
  /** The least severe subscription that receives it: `info` receives all, `warn` warnings and errors, `error` errors only. */
  readonly severity: AlertSeverity;
  /** Message template (Go html/template over `.rollout`). */
  readonly message: string;
}

/**
 * The triggers the platform configures, mapped onto Flagger's severities so one alert list means the same under
 * both engines: `error` = the release failed and traffic went back to the stable version; `warn` adds "a human
 * must look" (paused, analysis errors); `info` adds progress.
 */
export const NOTIFICATION_TRIGGERS: readonly NotificationTrigger[] = [
  {
    name: 'on-rollout-aborted',
    severity: 'error',
    message: ':red_circle: Rollout {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} was aborted; traffic is back on the stable version. {{.rollout.status.message}}',
  },
  {
    name: 'on-analysis-run-failed',
    severity: 'error',
    message: ':red_circle: Analysis of {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} failed; the rollout is rolled back.',
  },
  {
    name: 'on-analysis-run-error',
    severity: 'warn',
    message: ':warning: Analysis of {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} could not measure (query errors); check Prometheus.',
  },
  {
    name: 'on-rollout-paused',
    severity: 'warn',
    message: ':double_vertical_bar: Rollout {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} is paused and waits for `kubectl argo rollouts promote` or `abort`.',
  },
  {
    name: 'on-rollout-updated',
    severity: 'info',
    message: ':arrow_forward: Rollout {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} started a new release.',
  },
  {
    name: 'on-rollout-step-completed',
    severity: 'info',
    message: ':large_blue_circle: Rollout {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} completed step {{.rollout.status.currentStepIndex}}.',
  },
  {
    name: 'on-rollout-completed',
    severity: 'info',
    message: ':large_green_circle: Rollout {{.rollout.metadata.namespace}}/{{.rollout.metadata.name}} is fully promoted.',
  },
];

/** The notification service the platform configures on the controller (its bot token comes from a Secret). */
export const NOTIFICATION_SERVICE = 'slack';

/** Annotation prefix of notification subscriptions. */
export const SUBSCRIBE_ANNOTATION_PREFIX = 'notifications.argoproj.io/subscribe.';

/** One Slack subscription: a channel and the least severe event it wants. */
export interface SlackSubscription {
  /** Slack channel name without `#`, for example `releases`. The controller's Slack app must be invited to it. */
  readonly channel: string;
  /** Least severe event delivered. */
  readonly severity: AlertSeverity;
}

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warn: 1, error: 2 };

/** True when a subscription of `subscribed` severity receives a trigger of `trigger` severity. */
export function receives(subscribed: AlertSeverity, trigger: AlertSeverity): boolean {
  return SEVERITY_RANK[trigger] >= SEVERITY_RANK[subscribed];
}

/**
 * The Rollout annotations subscribing every channel to the triggers its severity receives, one annotation per
 * trigger with the channels joined by `;` (sorted, de-duplicated). Empty when there are no subscriptions.
 */
export function notificationAnnotations(subscriptions: readonly SlackSubscription[]): Record<string, string> {
  requireObjectArguments('notificationAnnotations', { subscriptions }, { arrays: ['subscriptions'] });
  const out: Record<string, string> = {};
  for (const trigger of NOTIFICATION_TRIGGERS) {
    const channels = [
      ...new Set(subscriptions.filter((s) => receives(s.severity, trigger.severity)).map((s) => s.channel)),
    ].sort();
    if (channels.length > 0) out[`${SUBSCRIBE_ANNOTATION_PREFIX}${trigger.name}.${NOTIFICATION_SERVICE}`] = channels.join(';');
  }
  return out;
}

/** Template name used for a trigger in the controller's ConfigMap. */
export function templateName(trigger: NotificationTrigger): string {
  return trigger.name.replace(/^on-/, '');
}

/**
 * The `template.*` and `trigger.*` entries of `argo-rollouts-notification-configmap` for
 * {@link NOTIFICATION_TRIGGERS} (YAML strings, as the notifications engine reads them).
 */
export function notificationConfig(): { templates: Record<string, string>; triggers: Record<string, string> } {
  const templates: Record<string, string> = {};
  const triggers: Record<string, string> = {};
  for (const trigger of NOTIFICATION_TRIGGERS) {
    const template = templateName(trigger);
    templates[`template.${template}`] = `message: ${JSON.stringify(trigger.message)}\n`;
    triggers[`trigger.${trigger.name}`] = `- send: [${template}]\n`;
  }
  return { templates, triggers };
}
