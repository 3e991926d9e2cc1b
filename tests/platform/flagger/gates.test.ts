/**
 * Manual gates are correct only with one load-tester process: flagger-loadtester 0.38.0 keeps every gate in an
 * in-memory map of its own process (pkg/loadtester/gate.go, `NewGateStorage("in-memory")` in
 * cmd/loadtester/main.go), and Flagger's webhook calls reach whichever pod the Service picks. These tests pin
 * the rule in the Flagger settings (tests/platform/load-tester-gates.test.ts: in the stack configuration).
 */
import { FLAGGER_DEFAULTS, GATES_NEED_ONE_REPLICA, loadTesterValues, validateFlaggerSettings } from '../../../packages/platform/flagger/values';

const messages = (settings: Parameters<typeof validateFlaggerSettings>[1]): string[] =>
  validateFlaggerSettings('canary-prod', settings).map((p) => `${p.path} ${p.message}`);

describe('load-tester replicas and gates', () => {
  it('runs one load tester by default, serving gates', () => {
    expect(FLAGGER_DEFAULTS).toMatchObject({ loadTesterReplicas: 1, loadTesterGates: true });
    expect(loadTesterValues({})).toMatchObject({ replicaCount: 1 });
    expect(messages({})).toEqual([]);
  });

  it('refuses more than one load-tester replica while gates are served, saying why and what to do', () => {
    expect(messages({ loadTesterReplicas: 2 })).toEqual([`loadTesterReplicas (2) must be 1 while loadTesterGates is true: ${GATES_NEED_ONE_REPLICA}`]);
    expect(GATES_NEED_ONE_REPLICA).toBe(
      "flagger-loadtester keeps gate state (/gate/open, /rollback/open) in the memory of one process and Flagger's checks reach any replica, so with more a gate opened on one pod stays closed on the others; run 1 replica, or set loadTesterGates: false when no CanaryService on the Flagger engine uses confirmRollout, confirmPromotion or rollbackGate",
    );
  });

  it('refuses the same through the escape hatch (valuesOverrides.loadTester.replicaCount)', () => {
    expect(messages({ valuesOverrides: { loadTester: { replicaCount: 3 } } })).toEqual([
      `valuesOverrides.loadTester.replicaCount (3) must be 1 while loadTesterGates is true: ${GATES_NEED_ONE_REPLICA}`,
    ]);
  });

  it('allows more replicas on a platform that serves no gates', () => {
    expect(messages({ loadTesterReplicas: 3, loadTesterGates: false })).toEqual([]);
    expect(loadTesterValues({ loadTesterReplicas: 3, loadTesterGates: false })).toMatchObject({ replicaCount: 3 });
  });

  it('reports a malformed count once, not also as a gate problem', () => {
    expect(messages({ loadTesterReplicas: 1.5 })).toEqual(['loadTesterReplicas (1.5) must be an integer >= 1']);
  });

  it('rejects a loadTesterGates that is not a boolean (plain JavaScript, YAML)', () => {
    expect(messages({ loadTesterGates: 'no' as unknown as boolean })).toEqual(['loadTesterGates (no) must be true or false']);
  });
});
