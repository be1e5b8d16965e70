import { DescribeExecutionCommand, ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Executions } from './workflow';

/**
 * Executions of one state machine by name. Its ARN is derived from its fixed name, so the
 * function that starts executions need not reference the state machine that invokes it.
 */
export function sfnExecutions(sfn: SFNClient, stateMachineArn: string): Executions {
  const executionArn = (name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    async start(name, input) {
      try {
        const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return { executionArn: out.executionArn ?? executionArn(name), alreadyStarted: false };
      } catch (err) {
        // The same name within 90 days: this request was started before; that execution is the answer.
        if (err instanceof ExecutionAlreadyExists || (err as { name?: string }).name === 'ExecutionAlreadyExists') {
          return { executionArn: executionArn(name), alreadyStarted: true };
        }
        throw err;
      }
    },
    async describe(name) {
      try {
        const out = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(name) }));
        return { status: out.status ?? 'UNKNOWN', output: out.output ? JSON.parse(out.output) : undefined, error: out.error };
      } catch (err) {
        if ((err as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
        throw err;
      }
    },
  };
}

/** Remaining time of a Lambda invocation, as its context reports it. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** Stop a step when less than this is left, so it returns its checkpoint before the timeout. */
export const STEP_RESERVE_MS = 3 * 60 * 1000;
