/**
 * The project's own schema of Flagger's `AlertProvider` (flagger.app/v1beta1), from Flagger v1.44.0's
 * pkg/apis/flagger/v1beta1/alert.go and docs/gitbook/usage/alerting.md: a chat service Flagger posts release
 * events to. The webhook address comes either inline (`address`) or from a Secret (`secretRef`, key `address`):
 * exactly one, as the served CRD states.
 */
import { z } from 'zod';
import { objectMeta } from './object-meta';
import { exactlyOneOf } from './rules';

/** Chat services Flagger posts to (pkg/notifier/factory.go and the CRD's list). */
export const FLAGGER_ALERT_PROVIDERS = ['slack', 'msteams', 'discord', 'rocket', 'gchat'] as const;

export const alertProviderSchema = z.strictObject({
  apiVersion: z.literal('flagger.app/v1beta1'),
  kind: z.literal('AlertProvider'),
  metadata: objectMeta,
  spec: z
    .strictObject({
      address: z.string().optional(),
      channel: z.string().optional(),
      proxy: z.string().optional(),
      secretRef: z.strictObject({ name: z.string() }).optional(),
      type: z.enum(FLAGGER_ALERT_PROVIDERS),
      username: z.string().optional(),
    })
    .check(exactlyOneOf(['address', 'secretRef'])),
  status: z.record(z.string(), z.unknown()).optional(),
});
