import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { s3AuditSink } from '../shared/audit-record';
import { requiredEnv } from '../shared/env';
import { InputError } from '../shared/input-error';
import { jsonEnv } from '../shared/json-env';
import { handlerLogger, withLambdaContext } from '../shared/logger';
import { tenantLinkPresigner } from '../shared/presign';
import { type InvocationContext, sfnExecutions, STEP_RESERVE_MS } from '../shared/sfn-executions';
import { requestTenant, tenantScoped } from '../shared/tenant-session';
import { sdkClient } from '../shared/sdk-clients';
import {
  beginExport, continueExport, type ExportState, exportDestinationFromEnv, exportStatus, failExport, finishExport, startExport,
  type TenantExportDeps,
} from './core';
import { ENV } from '../../lib/vocabulary';

const session = { sts: sdkClient(STSClient, {}), roleArn: requiredEnv(ENV.tenantSessionRoleArn), purpose: 'tenant-export' };
/** Reads, the archive and its link are made in a session tagged with the tenant: IAM keeps them to its data. */
const clientsOf = tenantScoped(session, (credentials) => ({
  s3: sdkClient(S3Client, { credentials }),
  ddb: DynamoDBDocumentClient.from(sdkClient(DynamoDBClient, { credentials })),
}));
let context: InvocationContext | undefined;
const config: Omit<TenantExportDeps, 's3' | 'ddb' | 'presign'> = {
  registryTable: requiredEnv(ENV.registryTable),
  buckets: jsonEnv<Record<string, string>>(ENV.sourceBuckets),
  tables: jsonEnv<Record<string, string>>(ENV.sourceTables),
  destination: exportDestinationFromEnv(),
  audit: s3AuditSink(sdkClient(S3Client, {}), requiredEnv(ENV.auditBucket)),
  executions: sfnExecutions(sdkClient(SFNClient, {}), requiredEnv(ENV.stateMachineArn)),
  budget: {
    pages: Number(requiredEnv(ENV.pagesPerStep)),
    timeUp: () => (context?.getRemainingTimeInMillis() ?? Infinity) < STEP_RESERVE_MS,
  },
};
const log = handlerLogger('tenant-export');

/**
 * Callers invoke it with IAM: `{ action: 'start', tenantId, requestId }` starts (once) the export
 * workflow; `{ action: 'status', tenantId, requestId }` answers its status and, once the archive
 * is complete, a short-lived link. The workflow invokes it with `{ step, ... }`.
 */
export const handler = withLambdaContext(log, async (event: Record<string, unknown>, ctx?: InvocationContext): Promise<unknown> => {
  context = ctx;
  const tenantId = requestTenant(event);
  const deps: TenantExportDeps = { ...config, ...clientsOf(tenantId), presign: tenantLinkPresigner(session, tenantId) };
  switch (event.step ?? event.action) {
    case 'start': {
      const out = await startExport(deps, event);
      log.info('export started', { tenantId: out.tenantId, exportId: out.exportId, alreadyStarted: out.alreadyStarted });
      return out;
    }
    case 'status':
      return exportStatus(deps, event);
    case 'begin':
      return beginExport(deps, event.input as { tenantId: unknown; exportId: unknown });
    case 'continue':
      return continueExport(deps, event.state as ExportState);
    case 'finish': {
      const result = await finishExport(deps, event.state as ExportState);
      log.info('exported', { tenantId: result.tenantId, exportId: result.exportId, counts: result.counts });
      return result;
    }
    case 'fail': {
      const input = event.input as { tenantId: string; exportId: string };
      const error = (event.error as { Error?: string } | undefined)?.Error;
      const state = event.state as Partial<ExportState> | undefined;
      await failExport(deps, state?.upload ? (state as ExportState) : undefined, { ...input, error });
      log.warn('export failed', { tenantId: input.tenantId, exportId: input.exportId, error });
      return { failed: true };
    }
    default:
      throw new InputError('action', `must be 'start' or 'status', got ${JSON.stringify(event.action)}`);
  }
});
