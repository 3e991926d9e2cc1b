export * from './args';
export * from './prometheus-values';
export * from './loki-values';
export { Observability } from './observability';
export type { PrometheusEndpoint } from './observability';
