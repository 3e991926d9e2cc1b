export * from './release';
export * from './custom-resource';
