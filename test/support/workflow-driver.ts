import type { Executions } from '../../lambda/shared/workflow';

/** One step of a checkpointed workflow, as its state machine invokes it. */
export interface DriverStep {
  readonly name: string;
  run(state: unknown): Promise<unknown>;
}

export interface DriverOptions {
  /** Called before every invocation with its step name and number; throwing simulates a crash of that invocation. */
  beforeInvoke?: (step: string, invocation: number) => void;
  /** How often a failed invocation is retried with its unchanged input, as the state machine's Retry does. @default 2 */
  retries?: number;
}

/**
 * In-memory executions of a checkpointed workflow (begin, continue until `done`, finish, and the
 * failure path), run as the state machine does: each invocation gets the previous one's output,
 * a failed invocation is retried with its unchanged input, and after the last retry the `fail`
 * step runs with the last checkpoint. Names are unique, as Step Functions makes them.
 */
export class WorkflowDriver implements Executions {
  readonly runs = new Map<string, { input: unknown; status: string; output?: unknown; error?: string }>();
  invocations = 0;

  constructor(
    private readonly workflow: (input: unknown) => {
      begin: (input: unknown) => Promise<unknown>;
      continue: (state: unknown) => Promise<unknown>;
      finish: (state: unknown) => Promise<unknown>;
      fail: (state: unknown, error: string) => Promise<void>;
    },
    private readonly options: DriverOptions = {},
  ) {}

  async start(name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    if (this.runs.has(name)) return { executionArn: name, alreadyStarted: true };
    this.runs.set(name, { input, status: 'RUNNING' });
    return { executionArn: name, alreadyStarted: false };
  }

  async describe(name: string): Promise<{ status: string; output?: unknown; error?: string } | undefined> {
    return this.runs.get(name);
  }

  /** Runs every execution started and not yet run. */
  async runPending(): Promise<void> {
    for (const [name, run] of this.runs) if (run.status === 'RUNNING') await this.execute(name);
  }

  private async execute(name: string): Promise<void> {
    const run = this.runs.get(name)!;
    const steps = this.workflow(run.input);
    let state: unknown;
    const invoke = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          this.options.beforeInvoke?.(step, ++this.invocations);
          return await fn();
        } catch (err) {
          if ((err as Error).name === 'InputError' || attempt >= (this.options.retries ?? 2)) throw err;
        }
      }
    };
    try {
      state = await invoke('begin', () => steps.begin(run.input));
      while (!(state as { done?: boolean }).done) {
        const before = state;
        state = await invoke('continue', () => steps.continue(before));
      }
      const checkpoint = state;
      run.output = await invoke('finish', () => steps.finish(checkpoint));
      run.status = 'SUCCEEDED';
    } catch (err) {
      run.error = (err as Error).name;
      await steps.fail(state, (err as Error).name);
      run.status = 'FAILED';
    }
  }
}
