/**
 * `canary-platform/validation`: offline validation of rendered objects. `validateObject` checks core kinds
 * with kubernetes-models and Flagger, Argo Rollouts and Istio kinds with the upstream CRDs vendored in the
 * package's `schemas/` folder; `validatePromQL` parses PromQL (Flagger and Argo template variables filled in).
 *
 * @packageDocumentation
 */
export * from '../components/validation';
