import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../shared/audit-record';
import { InputError } from '../shared/input-error';
import { getRegisteredTenant } from '../shared/registered-tenant';
import { grantsOf, isActive, type SupportGrant } from '../shared/support-grants';
import { validateTenantId } from '../shared/tenant-id';
import { validateRequestId } from '../shared/workflow';
import type { SupportGates } from './gates';

export interface SupportConsentDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
  readonly grantsTable: string;
  /** Longest grant a tenant may give (config `supportAccess.maxGrantHours`). */
  readonly maxGrantHours: number;
  readonly audit: AuditSink;
  /** The grants' IAM side: without its gate, a support session of the tenant can do nothing. */
  readonly gates: SupportGates;
  readonly now?: () => Date;
}

/** What a tenant (through the portal back end) asks: grant for N hours, revoke, or show. */
export type SupportConsentRequest =
  /** `requestId` is the caller's id of the grant: a retry with it creates no second grant or record. */
  | { readonly action: 'grant'; readonly tenantId: string; readonly hours: number; readonly requestId: string }
  | { readonly action: 'revoke'; readonly tenantId: string }
  | { readonly action: 'status'; readonly tenantId: string };

export interface SupportConsentResult {
  readonly tenantId: string;
  /** Grants active after the request, with their expiry as ISO time. */
  readonly activeGrants: { grantId: string; expiresAt: string }[];
  /** Grants this request revoked. */
  readonly revoked?: number;
  /** Gates this revoke deleted from the support role (each ended the sessions it allowed). */
  readonly gatesClosed?: number;
  readonly auditKey?: string;
}

const ACTIONS = ['grant', 'revoke', 'status'] as const;

/**
 * The tenant's side of P-SUPPORT-CONSENT. Support access is off until a tenant grants it; a grant
 * lasts 1..maxGrantHours hours, ends early on revoke, and every grant and revoke is audited. The
 * grant is kept twice: in the grants table, which the broker reads, and as a gate on the support
 * role, which IAM reads, so a broker that mints a session for a tenant without a grant, or a
 * session outliving a revoke, is refused by IAM.
 */
export async function handleConsent(deps: SupportConsentDeps, raw: unknown): Promise<SupportConsentResult> {
  const req = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const action = req.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    throw new InputError('action', `must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action)}`);
  }
  const requestId = action === 'grant' ? validateRequestId(req.requestId) : undefined;
  if (action === 'grant') validateHours(req.hours, deps.maxGrantHours);
  // Revoking only ever removes access, so a tenant being terminated may still do it.
  const tenant = action === 'revoke'
    ? await getAnyRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId)
    : await getRegisteredTenant(deps.ddb, deps.registryTable, req.tenantId);
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const grants = await grantsOf(deps.ddb, deps.grantsTable, tenant.tenantId);
  const active = grants.filter((g) => isActive(g, startedAt));

  if (action === 'status') return { tenantId: tenant.tenantId, activeGrants: active.map(view) };

  if (action === 'grant') {
    // The grant is keyed by the caller's request id: a retry finds it and grants nothing more.
    const earlier = grants.find((g) => g.grantId === requestId);
    const grant: SupportGrant = earlier ?? {
      tenantId: tenant.tenantId,
      grantId: requestId as string,
      grantedAt: startedAt.toISOString(),
      expiresAt: Math.floor(startedAt.getTime() / 1000) + (req.hours as number) * 3600,
    };
    // The gate first: if the table write then fails, the gate allows nothing the broker would
    // hand out, and it ends with the grant; written after, a concurrent revoke could miss it.
    if (isActive(grant, startedAt)) {
      await deps.gates.prune(startedAt);
      await deps.gates.open(grant);
    }
    if (!earlier) {
      try {
        await deps.ddb.send(
          new PutCommand({ TableName: deps.grantsTable, Item: grant, ConditionExpression: 'attribute_not_exists(grantId)' }),
        );
      } catch (err) {
        // A concurrent retry of the same request stored it first: that grant is this one.
        if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
      }
    }
    // Keyed by the grant, so a retry rewrites the same record rather than adding one.
    const auditKey = await deps.audit({
      operation: 'support-grant',
      tenantId: tenant.tenantId,
      outcome: 'granted',
      startedAt: grant.grantedAt,
      finishedAt: now().toISOString(),
      idempotencyKey: grant.grantId,
      details: { grantId: grant.grantId, expiresAt: view(grant).expiresAt },
    });
    const others = active.filter((g) => g.grantId !== grant.grantId);
    return { tenantId: tenant.tenantId, activeGrants: [...others, ...(isActive(grant, startedAt) ? [grant] : [])].map(view), auditKey };
  }

  const revokedAt = startedAt.toISOString();
  for (const grant of active) {
    try {
      await deps.ddb.send(
        new UpdateCommand({
          TableName: deps.grantsTable,
          Key: { tenantId: grant.tenantId, grantId: grant.grantId },
          UpdateExpression: 'SET revokedAt = :r',
          ConditionExpression: 'attribute_exists(grantId) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':r': revokedAt },
        }),
      );
    } catch (err) {
      // Revoked by a concurrent revoke (or gone by time-to-live) since it was read: the goal, no
      // active grant, is met, so this revoke succeeds too; the earlier revocation time stays.
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
  // After the table, so the broker refuses first; every known grant's gate, so a revoke retried
  // after a failure here closes what the first attempt left open.
  const gatesClosed = await deps.gates.close(tenant.tenantId, grants);
  const auditKey = await deps.audit({
    operation: 'support-revoke',
    tenantId: tenant.tenantId,
    outcome: 'revoked',
    startedAt: revokedAt,
    finishedAt: now().toISOString(),
    details: { grantIds: active.map((g) => g.grantId), gatesClosed },
  });
  return { tenantId: tenant.tenantId, activeGrants: [], revoked: active.length, gatesClosed, auditKey };
}

/** A registered tenant in any state; an unknown one is refused. */
async function getAnyRegisteredTenant(ddb: DynamoDBDocumentClient, table: string, raw: unknown): Promise<{ tenantId: string }> {
  const tenantId = validateTenantId(raw);
  const { Item } = await ddb.send(new GetCommand({ TableName: table, Key: { tenantId }, ConsistentRead: true }));
  if (!Item) throw new InputError('tenantId', `no tenant '${tenantId}' in the tenant registry; nothing changed`);
  return { tenantId };
}

function validateHours(hours: unknown, max: number): void {
  if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > max) {
    throw new InputError('hours', `must be a whole number of hours in 1..${max}, got ${JSON.stringify(hours)}`);
  }
}

function view(grant: SupportGrant): { grantId: string; expiresAt: string } {
  return { grantId: grant.grantId, expiresAt: new Date(grant.expiresAt * 1000).toISOString() };
}
