export * from './values';
export { Istio } from './istio';
export type { IstioArgs } from './istio';
