export * from './kube-object';
export * from './problems';
export * from './platform-contract';
export * from './props-guard';
export { editDistance } from './edit-distance';
