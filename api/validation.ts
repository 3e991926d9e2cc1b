/**
 * `canary-platform/validation`: offline validation of rendered objects. `validateObject` checks built-in,
 * Prometheus Operator, Istio and Argo Rollouts kinds with the kubernetes-models packages and Flagger kinds with
 * the project's own schemas of Flagger's API, strictly (unknown fields are errors); `validatePromQL` parses
 * PromQL (Flagger and Argo template variables filled in); `validateObjects` and `validateQueriesIn` check a whole
 * list of objects.
 *
 * @packageDocumentation
 */
export { validateObject, validateObjects, validatePromQL, validateQueriesIn } from '../packages/validation';
