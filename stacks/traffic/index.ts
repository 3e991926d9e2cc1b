/** Program of the traffic project (`pulumi up -s <standby>` in this folder, or `canary-platform failover`). */
import { trafficProgram } from './program';

export = trafficProgram();
