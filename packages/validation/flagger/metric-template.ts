/**
 * The project's own schema of Flagger's `MetricTemplate` (flagger.app/v1beta1), from Flagger v1.44.0's
 * pkg/apis/flagger/v1beta1/metric.go and docs/gitbook/usage/metrics.md: a query run against a metrics provider,
 * with `{{ name }}`, `{{ namespace }}`, `{{ target }}`, `{{ interval }}`... filled in per analysis. `provider`
 * and `query` are required, as the served CRD states (the Go type marks both `omitempty`).
 */
import { z } from 'zod';
import { objectMeta } from './object-meta';

/** Metric providers Flagger queries (pkg/metrics/providers/factory.go and the CRD's list). */
export const FLAGGER_METRIC_PROVIDERS = [
  'prometheus',
  'influxdb',
  'datadog',
  'externalmetrics',
  'stackdriver',
  'cloudwatch',
  'newrelic',
  'graphite',
  'dynatrace',
  'keptn',
  'splunk',
] as const;

export const metricTemplateSchema = z.strictObject({
  apiVersion: z.literal('flagger.app/v1beta1'),
  kind: z.literal('MetricTemplate'),
  metadata: objectMeta,
  spec: z.strictObject({
    provider: z.strictObject({
      address: z.string().optional(),
      /** Go `http.Header`: each header name maps to a list of values. */
      headers: z.record(z.string(), z.array(z.string())).optional(),
      insecureSkipVerify: z.boolean().optional(),
      region: z.string().optional(),
      secretRef: z.strictObject({ name: z.string() }).optional(),
      type: z.enum(FLAGGER_METRIC_PROVIDERS),
    }),
    query: z.string(),
  }),
  status: z.record(z.string(), z.unknown()).optional(),
});
