export * from './kube-object';
export * from './problems';
