/**
 * `metadata` of a Flagger object: the Kubernetes ObjectMeta fields (k8s.io/apimachinery meta/v1), closed like
 * every other object. Names, namespaces and label values are checked by validate-object.ts for every kind.
 */
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

/** ObjectMeta; fields the API server sets (uid, managedFields, ...) are accepted with their types. */
export const objectMeta = z.strictObject({
  annotations: stringMap.optional(),
  creationTimestamp: z.string().nullable().optional(),
  deletionGracePeriodSeconds: z.int().optional(),
  deletionTimestamp: z.string().optional(),
  finalizers: z.array(z.string()).optional(),
  generateName: z.string().optional(),
  generation: z.int().optional(),
  labels: stringMap.optional(),
  managedFields: z.array(z.record(z.string(), z.unknown())).optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  ownerReferences: z
    .array(
      z.strictObject({
        apiVersion: z.string(),
        blockOwnerDeletion: z.boolean().optional(),
        controller: z.boolean().optional(),
        kind: z.string(),
        name: z.string(),
        uid: z.string(),
      }),
    )
    .optional(),
  resourceVersion: z.string().optional(),
  selfLink: z.string().optional(),
  uid: z.string().optional(),
});
