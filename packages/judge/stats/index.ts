/** The judge's statistics: pure functions of counts, no I/O. */
export * from './e-value';
export * from './histogram';
export * from './plan';
export * from './special';
export * from './tests';
