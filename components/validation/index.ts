export { validateObject, validateObjects, isVendoredCustomResource } from './validate-object';
export { validatePromQL, fillTemplateVariables } from './promql';
export { findQueries, validateQueriesIn, type FoundQuery } from './queries-in-objects';
