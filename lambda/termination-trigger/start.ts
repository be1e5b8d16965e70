import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Logger } from '../shared/logger';
import { validateTenantId } from '../shared/tenant-id';

/** The part of a DynamoDB stream record the trigger reads (NEW_IMAGE view). */
export interface RegistryStreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: { readonly NewImage?: Record<string, { S?: string }> };
}

/**
 * The execution name of a tenant's termination: the same for every trigger of the same tenant,
 * so a repeated stream record, or a second status write, cannot start a second run.
 */
export function terminationExecutionName(tenantId: string): string {
  return `terminate-${validateTenantId(tenantId)}`;
}

/**
 * Starts the termination workflow for a registry record whose new image says `terminated` and
 * answers the tenant started (or found started), or undefined for a record it skips. The event
 * source mapping already filters on that status; the check here keeps the function safe if the
 * filter is ever changed. A bad tenant id is logged and skipped, never started, so a malformed
 * record cannot block the stream; a failed start throws, and fails that record alone.
 */
export async function startTermination(
  deps: { sfn: SFNClient; stateMachineArn: string; log: Logger },
  record: RegistryStreamRecord,
): Promise<string | undefined> {
  const image = record.dynamodb?.NewImage;
  if (record.eventName === 'REMOVE' || image?.status?.S !== 'terminated') return undefined;
  let name: string;
  try {
    name = terminationExecutionName(image.tenantId?.S ?? '');
  } catch (err) {
    deps.log.error('registry record with an invalid tenant id; not started', { err });
    return undefined;
  }
  const tenantId = image.tenantId!.S!;
  try {
    await deps.sfn.send(new StartExecutionCommand({ stateMachineArn: deps.stateMachineArn, name, input: JSON.stringify({ tenantId }) }));
    deps.log.info('termination started', { tenantId, executionName: name });
  } catch (err) {
    if ((err as { name?: string }).name !== 'ExecutionAlreadyExists') throw err;
    deps.log.info('termination already started', { tenantId, executionName: name });
  }
  return tenantId;
}
