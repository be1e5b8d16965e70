import { createHash } from 'node:crypto';
import type { SupportGrant } from './support-grants';
import { TENANT_ID_PATTERN } from './tenant-id';
import { TAG } from '../../lib/vocabulary';

/**
 * A support grant as IAM sees it (P-SUPPORT-CONSENT): one inline policy on the support role per
 * grant, written by the consent handler when the tenant grants and deleted when it revokes. The
 * role's permissions boundary holds what a session may read (its tenant's prefix, partition and
 * key); the role itself allows nothing else, so a session works only for a tenant whose gate is
 * there, only while the grant lasts, and only if the session was issued after the grant began.
 * The last condition is what ends sessions issued before a revocation even after a re-grant.
 */

/**
 * Inline policy name of a grant: `<tenant>.<expiry epoch seconds>.<16 hex of the grant id>`, at
 * most 91 of the 128 characters IAM allows. Tenant ids hold no dot, so `<tenant>.` selects one
 * tenant's gates, and the expiry in the name lets expired gates be pruned without reading them.
 */
export function gateName(grant: Pick<SupportGrant, 'tenantId' | 'grantId' | 'expiresAt'>): string {
  const id = createHash('sha256').update(grant.grantId).digest('hex').slice(0, 16);
  return `${grant.tenantId}.${grant.expiresAt}.${id}`;
}

/** The tenant and expiry a gate name encodes, or undefined for a policy that is not a gate. */
export function parseGateName(name: string): { tenantId: string; expiresAt: number } | undefined {
  const m = /^([a-z0-9-]+)\.(\d{1,12})\.[0-9a-f]{16}$/.exec(name);
  if (!m || !TENANT_ID_PATTERN.test(m[1])) return undefined;
  return { tenantId: m[1], expiresAt: Number(m[2]) };
}

/** ISO time at whole seconds: `aws:TokenIssueTime` has no fraction, so the grant's start is floored to match it. */
function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The gate's policy document. It allows every action because the boundary is the scope (reads of
 * the session's own tenant only); what the gate adds is whose sessions, issued since when, until when.
 */
export function gatePolicy(grant: Pick<SupportGrant, 'tenantId' | 'grantedAt' | 'expiresAt'>): string {
  const grantedAt = Math.floor(Date.parse(grant.grantedAt) / 1000);
  if (!Number.isFinite(grantedAt)) throw new Error(`grantedAt: '${grant.grantedAt}' is not an ISO time`);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: { [`aws:PrincipalTag/${TAG.tenant}`]: grant.tenantId },
        DateGreaterThanEquals: { 'aws:TokenIssueTime': isoSeconds(grantedAt) },
        DateLessThan: { 'aws:CurrentTime': isoSeconds(grant.expiresAt) },
      },
    }],
  });
}

/** IAM's limit on the inline policies of one role together, counted without white space. */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;
