/**
 * The team stack's Pulumi program (`pulumi up` runs this file). Pulumi calls the exported function and exports
 * what it returns; see team-stack.ts.
 */
import { teamStack } from './team-stack';

export = teamStack;
