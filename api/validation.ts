/**
 * `canary-platform/validation`: offline validation of rendered objects. `validateObject` checks built-in,
 * Prometheus Operator, Istio and Argo Rollouts kinds with the kubernetes-models packages and Flagger kinds with
 * the project's own schemas of Flagger's API, strictly (unknown fields are errors); `validatePromQL` parses
 * PromQL (Flagger and Argo template variables filled in).
 *
 * @packageDocumentation
 */
export * from '../packages/validation';
