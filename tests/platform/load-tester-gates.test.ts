/**
 * A stack's configuration keeps manual gates correct: one flagger-loadtester replica while gates are served
 * (gate state lives in one process), and no service with a gate on a platform that serves none.
 */
import { GATES_NEED_ONE_REPLICA } from '../../packages/platform/flagger';
import { parseStackConfig } from '../../stacks/platform/config';
import { rawStackConfig } from '../support/stack-config';

describe('stack configuration', () => {
  const prod = rawStackConfig('prod');
  const flagger = (value: unknown) => ({ ...prod.raw, 'canary-platform:flagger': JSON.stringify(value) });
  const problems = (raw: Record<string, string>): string[] => {
    try {
      parseStackConfig(raw, { file: 'Pulumi.prod.yaml', secretKeys: prod.secretKeys });
    } catch (err) {
      return (err as Error).message.split('\n').slice(1).map((l) => l.replace(/^ {2}- /, ''));
    }
    return [];
  };

  it('prod runs one load tester, so podinfo\'s rollback gate is served by the process it is opened on', () => {
    expect(problems(prod.raw)).toEqual([]);
    expect(JSON.parse(prod.raw['canary-platform:flagger'])).toMatchObject({ loadTesterReplicas: 1 });
  });

  it('refuses two load-tester replicas in a stack, under the config key', () => {
    expect(problems(flagger({ replicas: 2, loadTesterReplicas: 2 }))).toEqual([
      `Pulumi.prod.yaml: canary-platform:flagger.loadTesterReplicas (2) must be 1 while loadTesterGates is true: ${GATES_NEED_ONE_REPLICA}`,
    ]);
  });

  it('refuses services that use a gate on a platform without gates (the rollback gate is on by default)', () => {
    expect(problems(flagger({ loadTesterReplicas: 2, loadTesterGates: false }))).toEqual([
      'Pulumi.prod.yaml: canary-platform:services[0].webhooks.rollbackGate is on, but canary-platform:flagger.loadTesterGates is false (the load tester runs without gates); set webhooks.rollbackGate: false, or loadTesterGates: true with loadTesterReplicas: 1',
    ]);
    const services = (JSON.parse(prod.raw['canary-platform:services']) as Record<string, unknown>[]).map((s) => ({ ...s, webhooks: { rollbackGate: false } }));
    expect(problems({ ...flagger({ loadTesterReplicas: 2, loadTesterGates: false }), 'canary-platform:services': JSON.stringify(services) })).toEqual([]);
  });

  it("does not count services on the Argo Rollouts engine: their gates are the controller's pause steps and abort", () => {
    const services = (JSON.parse(prod.raw['canary-platform:services']) as Record<string, unknown>[]).map((s) => ({ ...s, engine: 'argoRollouts', analysis: { ...(s.analysis as object), judge: false } }));
    const addons = { ...(JSON.parse(prod.raw['canary-platform:addons'] ?? '{}') as Record<string, unknown>), argoRollouts: true };
    const raw = { ...flagger({ loadTesterReplicas: 2, loadTesterGates: false }), 'canary-platform:services': JSON.stringify(services), 'canary-platform:addons': JSON.stringify(addons) };
    expect(problems(raw)).toEqual([]);
  });
});
