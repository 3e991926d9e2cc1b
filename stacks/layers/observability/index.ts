/** Program of the "observability" layer project (`pulumi up -s <stack>` in this folder, or `canary-platform rebuild`). */
import { layerProgram } from '../program';

export = layerProgram('observability');
