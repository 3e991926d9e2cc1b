/**
 * The optional Argo Rollouts add-on: pure values of its chart.
 */
import { HelmValues } from '../helm';
import { sortKeys } from '../shared';

/** Argo Rollouts controller values: HA with leader election, metrics scraped through a ServiceMonitor. */
export function argoRolloutsValues(): HelmValues {
  return sortKeys({
    installCRDs: true,
    controller: {
      replicas: 2,
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    },
    dashboard: { enabled: false },
    notifications: { secret: { create: false } },
  });
}
