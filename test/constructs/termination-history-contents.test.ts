import { PURGE_SHARD_RESULT_FIELDS } from '../../lib/vocabulary';
import { defaultTerminationMachine } from '../support/termination-machine';

/**
 * What enters the termination's execution history and logs (issue 10, point 12), read from the
 * synthesized state machine: the state machine itself adds nothing but the start input and what
 * the step functions return (whose outputs the workflow integration test checks for object
 * keys), the purge steps seal their shards and checkpoints under a grant bound to that purpose,
 * and the logs keep failures without execution data.
 */
interface State {
  Type: string; Resource?: string; ItemReader?: unknown; ResultWriter?: unknown; Parameters?: unknown; ItemSelector?: unknown;
  ItemProcessor?: { StartAt: string; States: Record<string, State> }; Iterator?: { StartAt: string; States: Record<string, State> };
}

const { template, machine, definition } = defaultTerminationMachine<State>();

function allStates(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, s]) => [
    [name, s] as [string, State],
    ...allStates(s.ItemProcessor?.States ?? s.Iterator?.States ?? {}),
  ]);
}

/** Every JSONPath the state machine reads into a state or a payload. */
function paths(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('$') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(paths);
  if (value && typeof value === 'object') return Object.values(value).flatMap(paths);
  return [];
}

describe('the termination history holds no object key', () => {
  const states = allStates(definition.States);

  test('no state lists objects into the history: the fan-out reads its items from the sealed purge plan, not from S3', () => {
    expect(states.filter(([, s]) => s.ItemReader !== undefined || s.ResultWriter !== undefined)).toEqual([]);
    const fanOut = states.find(([name]) => name === 'PurgeBuckets')![1] as State & { ItemsPath?: string };
    expect(fanOut.ItemsPath).toBe('$.purgePlan.shards');
  });

  test('states pass on only the start input, the context and what the steps returned', () => {
    const read = states.flatMap(([, s]) => paths([s.Parameters, s.ItemSelector]));
    // The start input ($), step outputs under their result paths, the Map item, the execution name and caught errors;
    // and the fields of its last slice's output a fan-out child returns.
    const allowed = /^\$(\.(plan|purgePlan|caught)(\.[A-Za-z]+)*)?$|^\$\$\.(Map\.Item\.Value|Execution\.Name)$/;
    const childResult = new RegExp(`^\\$\\.(${PURGE_SHARD_RESULT_FIELDS.join('|')})$`);
    expect(read.filter((p) => !allowed.test(p) && !childResult.test(p))).toEqual([]);
    const tasks = states.filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    // Each task invokes one of the workflow's own step functions and takes its response as is.
    for (const [, task] of tasks) expect(task.Resource).toMatch(/^\$\{TenantTerminationWorkflow[a-z]+Function[0-9A-F]+\.Arn\}$/);
  });

  test('the purge steps seal with the log key, and only under the checkpoint purpose', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    for (const step of ['plan-purge', 'purge-bucket']) {
      const fn = functions.find((f) => f.Properties.Environment?.Variables?.STEP === step)!;
      expect(fn.Properties.Environment.Variables.CHECKPOINT_KEY_ARN).toBeDefined();
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>);
      const sealing = statements.filter((st) => st.Sid === 'SealPurgeCheckpoints');
      expect(sealing.length).toBe(2);
      for (const st of sealing) {
        expect(st.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'termination-checkpoint' } });
        expect(st.Resource).toEqual(fn.Properties.Environment.Variables.CHECKPOINT_KEY_ARN);
      }
    }
  });

  test('logs every failure with its error and cause, never execution data', () => {
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ERROR', IncludeExecutionData: false });
  });
});
