import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../shared';

/**
 * A `k8s.apiextensions.CustomResource` from a rendered object (kinds outside the SDK's typed classes, such as
 * Istio's Gateway or Prometheus Operator's PodMonitor). Callers pass the chart that brings the CRD in `dependsOn`.
 */
export function customResource(
  name: string,
  obj: KubeObject,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, metadata, ...rest }, opts);
}
