import { SFNClient } from '@aws-sdk/client-sfn';
import { requiredEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import { type RegistryStreamRecord, startTerminations } from './start';

const sfn = new SFNClient({});
const log = createLogger({ handler: 'termination-trigger' });

/** Event: a DynamoDB stream batch of the tenant-registry table, filtered to `status = terminated`. */
export async function handler(event: { Records?: RegistryStreamRecord[] }): Promise<{ started: string[]; skipped: number }> {
  return startTerminations({ sfn, stateMachineArn: requiredEnv('STATE_MACHINE_ARN'), log }, event.Records ?? []);
}
