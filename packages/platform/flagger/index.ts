export * from './values';
export { Flagger } from './flagger';
export type { FlaggerArgs } from './flagger';
