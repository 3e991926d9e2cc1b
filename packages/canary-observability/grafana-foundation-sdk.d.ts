/*
 * The Grafana Foundation SDK publishes its entry points only through package.json `exports`
 * (`@grafana/grafana-foundation-sdk/dashboard` -> `dist/dashboard`). Node and jest resolve them at run time, but
 * this project's TypeScript settings (`moduleResolution: node10`) ignore `exports`; these declarations point the
 * type checker at the same files. Runtime resolution is unaffected.
 */
declare module '@grafana/grafana-foundation-sdk/common' {
  export * from '@grafana/grafana-foundation-sdk/dist/common';
}
declare module '@grafana/grafana-foundation-sdk/dashboard' {
  export * from '@grafana/grafana-foundation-sdk/dist/dashboard';
}
declare module '@grafana/grafana-foundation-sdk/logs' {
  export * from '@grafana/grafana-foundation-sdk/dist/logs';
}
declare module '@grafana/grafana-foundation-sdk/loki' {
  export * from '@grafana/grafana-foundation-sdk/dist/loki';
}
declare module '@grafana/grafana-foundation-sdk/prometheus' {
  export * from '@grafana/grafana-foundation-sdk/dist/prometheus';
}
declare module '@grafana/grafana-foundation-sdk/stat' {
  export * from '@grafana/grafana-foundation-sdk/dist/stat';
}
declare module '@grafana/grafana-foundation-sdk/statetimeline' {
  export * from '@grafana/grafana-foundation-sdk/dist/statetimeline';
}
declare module '@grafana/grafana-foundation-sdk/timeseries' {
  export * from '@grafana/grafana-foundation-sdk/dist/timeseries';
}
