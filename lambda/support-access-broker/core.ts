import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditSink } from '../shared/audit-record';
import { InputError } from '../shared/input-error';
import { grantsOf, isActive } from '../shared/support-grants';
import { validateTenantId } from '../shared/tenant-id';
import { TAG } from '../../lib/vocabulary';

/** STS refuses sessions shorter than 15 minutes. */
const MIN_SESSION_SECONDS = 900;
/** Registry states in which no support session may start: the tenant's data is being deleted or gone. */
const CLOSED_STATUSES = new Set(['terminating', 'terminated']);
const TICKET = /^[A-Za-z0-9][A-Za-z0-9._#-]{0,63}$/;

export interface BrokerDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly sts: STSClient;
  /** The tenant registry: a tenant being terminated gets no new session, whatever its grants. */
  readonly registryTable: string;
  readonly grantsTable: string;
  readonly supportRoleArn: string;
  /** Longest session handed out (config `supportAccess.maxSessionMinutes`). */
  readonly maxSessionMinutes: number;
  readonly audit: AuditSink;
  readonly now?: () => Date;
}

/** A support engineer's request, with the IAM identity that signed it. */
export interface BrokerRequest {
  readonly tenantId: unknown;
  /** Support ticket the access is for, recorded in the audit trail. */
  readonly ticket: unknown;
  /** ARN of the IAM principal that called (from the function URL's IAM authorizer). */
  readonly callerArn: string;
}

export interface SupportSession {
  readonly tenantId: string;
  readonly grantId: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string };
  /** When the tenant's grant ends; the session policy stops every action at that instant. */
  readonly grantExpiresAt: string;
  readonly auditKey: string;
}

/** Refused because the tenant has not granted access, or the grant ended: a 403, not bad input. */
export class ConsentRequiredError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConsentRequiredError';
  }
}

/**
 * The broker (P-SUPPORT-CONSENT, P-PURPOSE): hands a support engineer a short read-only session
 * for one tenant only while that tenant's grant is active. The session is tagged with the
 * tenant, carries the engineer as source identity (so CloudTrail names them on every call it
 * makes), lasts at most `maxSessionMinutes` and, through a session policy on `aws:CurrentTime`,
 * can do nothing after the grant's end even when STS's 15-minute minimum outlasts it. Every
 * request, refused or not, is audited.
 */
export async function brokerSupportSession(deps: BrokerDeps, req: BrokerRequest): Promise<SupportSession> {
  const tenantId = validateTenantId(req.tenantId);
  if (typeof req.ticket !== 'string' || !TICKET.test(req.ticket)) {
    throw new InputError('ticket', `must be a support ticket reference (${TICKET}), got ${JSON.stringify(req.ticket)}`);
  }
  const ticket = req.ticket;
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const audit = (outcome: string, details: Record<string, unknown>) =>
    deps.audit({
      operation: 'support-access', tenantId, outcome, actor: req.callerArn,
      startedAt: startedAt.toISOString(), finishedAt: now().toISOString(), details: { ticket, ...details },
    });

  // Consistent, so a tenant marked terminating a moment ago is never read as active.
  const { Item: registered } = await deps.ddb.send(
    new GetCommand({ TableName: deps.registryTable, Key: { tenantId }, ConsistentRead: true }),
  );
  const status = typeof registered?.status === 'string' ? registered.status : registered ? 'active' : 'unknown';
  if (status === 'unknown' || CLOSED_STATUSES.has(status)) {
    const why = status === 'unknown' ? `tenant '${tenantId}' is not in the tenant registry` : `tenant '${tenantId}' is ${status}`;
    await audit('refused', { reason: why });
    throw new ConsentRequiredError('tenantId', `${why}; no access`);
  }

  const grants = await grantsOf(deps.ddb, deps.grantsTable, tenantId);
  const active = grants.filter((g) => isActive(g, startedAt)).sort((a, b) => b.expiresAt - a.expiresAt)[0];
  if (!active) {
    // The most recent grant explains the refusal best: a revoked one, or the one that ran out.
    const ended = grants.sort((a, b) => (b.grantedAt ?? '').localeCompare(a.grantedAt ?? '') || b.expiresAt - a.expiresAt)[0];
    const why = !ended
      ? `tenant '${tenantId}' has not granted support access`
      : ended.revokedAt
        ? `tenant '${tenantId}' revoked its grant at ${ended.revokedAt}`
        : `tenant '${tenantId}''s grant expired at ${new Date(ended.expiresAt * 1000).toISOString()}`;
    await audit('refused', { reason: why });
    throw new ConsentRequiredError('grant', `${why}; no access`);
  }

  const grantEnd = new Date(active.expiresAt * 1000);
  const secondsLeft = Math.floor((grantEnd.getTime() - startedAt.getTime()) / 1000);
  const duration = Math.max(MIN_SESSION_SECONDS, Math.min(deps.maxSessionMinutes * 60, secondsLeft));
  const out = await deps.sts.send(
    new AssumeRoleCommand({
      RoleArn: deps.supportRoleArn,
      RoleSessionName: `support-${tenantId}`.slice(0, 64),
      SourceIdentity: sourceIdentityOf(req.callerArn),
      DurationSeconds: duration,
      Tags: [{ Key: TAG.tenant, Value: tenantId }],
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EndWithTheGrant',
            Effect: 'Allow',
            Action: '*',
            Resource: '*',
            Condition: { DateLessThan: { 'aws:CurrentTime': grantEnd.toISOString() } },
          },
        ],
      }),
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new Error('STS returned no credentials');
  }
  const auditKey = await audit('granted', {
    grantId: active.grantId, sessionExpiresAt: c.Expiration.toISOString(), grantExpiresAt: grantEnd.toISOString(),
  });
  return {
    tenantId,
    grantId: active.grantId,
    credentials: {
      accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
    },
    grantExpiresAt: grantEnd.toISOString(),
    auditKey,
  };
}

/**
 * The caller's name as an STS source identity (2..64 of `[\w+=,.@-]`): the session name of an
 * assumed role, or the user name, so CloudTrail shows which engineer used the session.
 */
export function sourceIdentityOf(callerArn: string): string {
  const last = callerArn.split('/').pop() ?? '';
  const cleaned = last.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  if (cleaned.length < 2) throw new InputError('callerArn', `cannot name the caller from '${callerArn}'`);
  return cleaned;
}
