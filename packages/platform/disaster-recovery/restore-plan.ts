/**
 * `GkeRestorePlan`: a Backup for GKE restore plan that restores the stateful namespaces of a lost cluster
 * (from its backup plan, possibly in another region) into a rebuilt one. Creating the plan restores nothing;
 * a restore is started from it (`gcloud container backup-restore restores create`, see
 * docs/disaster-recovery.md).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { GkeRestorePlanArgs, resolveGkeRestorePlanArgs, ResolvedGkeRestorePlanArgs } from './args';
import { restorePlanSettings } from './render';

/** A restore plan for a rebuilt cluster. Type token `canary-platform:disaster-recovery:GkeRestorePlan`. */
export class GkeRestorePlan extends pulumi.ComponentResource {
  /** Arguments with every default applied. */
  readonly settings: ResolvedGkeRestorePlanArgs;
  /** The restore plan. */
  readonly plan: gcp.gkebackup.RestorePlan;
  /** Its full name, `projects/<p>/locations/<region>/restorePlans/<name>`. */
  readonly planId: pulumi.Output<string>;

  constructor(name: string, args: GkeRestorePlanArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:disaster-recovery:GkeRestorePlan', name, {}, opts);
    this.settings = resolveGkeRestorePlanArgs(name, args);
    this.plan = new gcp.gkebackup.RestorePlan(`${name}-plan`, restorePlanSettings(this.settings), { parent: this });
    this.planId = this.plan.id;
    this.registerOutputs({ planId: this.planId });
  }
}
