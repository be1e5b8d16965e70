import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CreateKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { kmsEnvelopeSealer } from '../../lambda/shared/kms-sealer';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Logger, silentLogger } from '../../lambda/shared/logger';
import type {
  DeleteUsersState, PurgeBucketState, PurgeShardResult, PurgeTableState, ReceiptResult, StoreCatalog, TerminationState,
} from '../../lambda/tenant-termination/contract';
import { deleteUsersStep } from '../../lambda/tenant-termination/delete-users';
import { planTermination } from '../../lambda/tenant-termination/plan';
import { planPurge } from '../../lambda/tenant-termination/plan-purge';
import { purgeBucketStep } from '../../lambda/tenant-termination/purge-bucket';
import { purgeTableStep } from '../../lambda/tenant-termination/purge-table';
import { writeReceipt } from '../../lambda/tenant-termination/receipt';
import { shredTenantKey } from '../../lambda/tenant-termination/shred-key';
import { verifyTermination } from '../../lambda/tenant-termination/verify';
import { PURGE_SHARD_RESULT_FIELDS } from '../../lib/vocabulary';

export interface DriverClients {
  s3: (region: string) => S3Client;
  ddb: (region: string) => DynamoDBDocumentClient;
  cognito: (region: string) => CognitoIdentityProviderClient;
  kms: KMSClient;
}

export interface DriverOptions {
  catalog: StoreCatalog;
  registryTable: string;
  receiptBucket: string;
  primaryRegion: string;
  aliasPrefix: string;
  maxPages?: number;
  /** Shards per bucket copy the purge plan may make. @default 3 */
  shardsPerBucket?: number;
  /** Called before every step invocation with its name and invocation number; throwing simulates a crash. */
  beforeInvoke?: (step: string, invocation: number) => void;
  /** How often a failed invocation is retried with the same input, as the state machine's Retry does. */
  retries?: number;
  /** @default 7 */
  pitrRecoveryDays?: number;
  /** Key that seals the purge checkpoints. @default a key the driver creates */
  checkpointKeyArn?: string;
  /** Receives every state handed between steps (each step's input and output), as the execution history would keep it. */
  history?: unknown[];
  /** What the purge and delete steps log with. @default silentLogger */
  log?: Logger;
}

/** The state of a run that went through every step. */
export type CompletedTermination = Required<Omit<TerminationState, 'failure'>>;

/** What a run ended with: the state machine's output, or its failure after the failure receipt. */
export interface TerminationRun {
  state: CompletedTermination;
  receipt: ReceiptResult;
}

/** A run that failed after Plan: the failure path verified what it could and wrote a receipt. */
export class TerminationFailed extends Error {
  constructor(readonly cause: unknown, readonly state: TerminationState, readonly receipt: ReceiptResult) {
    super(`termination failed: ${(cause as Error).name}: ${(cause as Error).message}`);
    this.name = 'TerminationFailed';
  }
}

/**
 * Runs the step cores in the order and with the loops of the TenantTerminationWorkflow state
 * machine, handing each invocation the state the previous one returned, and retrying a failed
 * invocation with its unchanged input, as Step Functions does. A step that still fails after
 * Plan takes the state machine's failure path: Verify, then a receipt naming the failure, then
 * the run fails (`TerminationFailed`). The integration tests use it to prove the steps compose,
 * resume from checkpoints and leave neighbours alone.
 */
export async function runTermination(
  clients: DriverClients,
  options: DriverOptions,
  input: unknown,
  executionName = 'terminate-test',
): Promise<TerminationRun> {
  let invocation = 0;
  const invoke = async <T>(step: string, run: () => Promise<T>, input?: unknown): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        options.beforeInvoke?.(step, ++invocation);
        options.history?.push(input);
        const output = await run();
        options.history?.push(output);
        return output;
      } catch (err) {
        if ((err as Error).name === 'InputError' || attempt >= (options.retries ?? 2)) throw err;
      }
    }
  };
  const primaryDdb = clients.ddb(options.primaryRegion);
  const plan = await invoke('plan', () =>
    planTermination({ ddb: primaryDdb, registryTable: options.registryTable, catalog: options.catalog }, { input, executionName }),
  );
  const verifyDeps = {
    s3: clients.s3, ddb: clients.ddb, cognito: clients.cognito, kms: clients.kms, aliasPrefix: options.aliasPrefix, replicaChecks: 1,
  };
  const receiptDeps = {
    s3: clients.s3(options.primaryRegion), receiptBucket: options.receiptBucket, ddb: primaryDdb, registryTable: options.registryTable,
    pitrRecoveryDays: options.pitrRecoveryDays ?? 7,
  };
  const partial: { -readonly [K in keyof TerminationState]: TerminationState[K] } = { tenantId: plan.tenantId, dryRun: plan.dryRun, plan };
  try {
    return await runAfterPlan();
  } catch (err) {
    const failure = { error: (err as Error).name, cause: (err as Error).message };
    try {
      partial.verification = await invoke('verify', () => verifyTermination(verifyDeps, { plan }));
    } catch {
      // The receipt then says the verification could not run either.
    }
    const receipt = await invoke('receipt', () => writeReceipt(receiptDeps, { ...partial, failure }));
    throw new TerminationFailed(err, { ...partial, failure }, receipt);
  }

  async function runAfterPlan(): Promise<TerminationRun> {
  const checkpointKeyArn = options.checkpointKeyArn
    ?? (await clients.kms.send(new CreateKeyCommand({ Description: 'termination checkpoints' }))).KeyMetadata!.Arn!;
  const sealer = kmsEnvelopeSealer(clients.kms, checkpointKeyArn);
  const key = await invoke('shred-key', () =>
    shredTenantKey({ kms: clients.kms, aliasPrefix: options.aliasPrefix, pendingWindowDays: 7 }, plan),
  );

  // The Distributed Map: one child per shard (bucket copy x key range), each looping until done.
  const purgePlan = await invoke('plan-purge', () =>
    planPurge(
      { s3: clients.s3, catalog: options.catalog, sealer, shardsPerBucket: options.shardsPerBucket ?? 3, purgeConcurrency: 8 },
      { tenantId: plan.tenantId, dryRun: plan.dryRun, buckets: plan.buckets },
    ),
  plan);
  const buckets: PurgeShardResult[] = [];
  for (const start of purgePlan.shards) {
    let state: PurgeBucketState | undefined;
    do {
      const current = state ?? start;
      state = await invoke('purge-bucket', () =>
        purgeBucketStep(
          { s3: clients.s3, catalog: options.catalog, maxPages: options.maxPages ?? 2, sealer, log: options.log ?? silentLogger },
          current,
        ),
      current);
    } while (!state.done);
    // What the child returns: its last output cut to the fields the state machine's Pass state keeps.
    const done = state;
    buckets.push(Object.fromEntries(PURGE_SHARD_RESULT_FIELDS.map((field) => [field, done[field]])) as unknown as PurgeShardResult);
  }
  partial.key = key;
  partial.buckets = buckets;
  const tables: PurgeTableState[] = [];
  for (const target of plan.tables) {
    let state: PurgeTableState | undefined;
    do {
      const current = state ?? { tenantId: plan.tenantId, dryRun: plan.dryRun, target };
      state = await invoke('purge-table', () =>
        purgeTableStep({ ddb: clients.ddb, catalog: options.catalog, maxItems: 40, log: options.log ?? silentLogger }, current),
      current);
    } while (!state.done);
    tables.push(state);
  }
  partial.tables = tables;
  const users: DeleteUsersState[] = [];
  for (const target of plan.userPools) {
    let state: DeleteUsersState | undefined;
    do {
      const current = state ?? { tenantId: plan.tenantId, dryRun: plan.dryRun, target };
      state = await invoke('delete-users', () =>
        deleteUsersStep({ cognito: clients.cognito, catalog: options.catalog, maxUsers: 3, log: options.log ?? silentLogger }, current),
      current);
    } while (!state.done);
    users.push(state);
  }
  partial.users = users;
  const verification = await invoke('verify', () => verifyTermination(verifyDeps, { plan }), { plan });
  const state: CompletedTermination = { tenantId: plan.tenantId, dryRun: plan.dryRun, plan, key, buckets, tables, users, verification };
  const receipt = await invoke('receipt', () => writeReceipt(receiptDeps, state), state);
  return { state, receipt };
  }
}
