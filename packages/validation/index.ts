export { validateObject, validateObjects, isCustomResource } from './validate-object';
export { validatePromQL, fillTemplateVariables } from './promql';
export { findQueries, validateQueriesIn, type FoundQuery } from './queries-in-objects';
