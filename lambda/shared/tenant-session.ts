import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { validateTenantId } from './tenant-id';
import { TAG } from '../../lib/vocabulary';


export interface TenantSessionOptions {
  readonly sts: STSClient;
  /** The tenant-scoped role of the handler's duty (its trust policy names only the handler's role). */
  readonly roleArn: string;
  /** Session name prefix, e.g. the step; the tenant is appended, so CloudTrail names both. */
  readonly purpose: string;
  /** @default 900 (the shortest STS allows) */
  readonly durationSeconds?: number;
  readonly now?: () => Date;
}

/** Refresh a little before expiry, so no call starts with credentials about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Credentials of a session of the duty's tenant-scoped role, tagged with one tenant: a client
 * built with them can reach nothing of another tenant even if the code asks it to. The
 * credentials are fetched on first use and renewed shortly before they expire.
 */
export function tenantCredentials(options: TenantSessionOptions, tenantId: unknown): AwsCredentialIdentityProvider {
  const tenant = validateTenantId(tenantId);
  let current: AwsCredentialIdentity | undefined;
  return async () => {
    const now = (options.now?.() ?? new Date()).getTime();
    if (current?.expiration && current.expiration.getTime() - REFRESH_MARGIN_MS > now) return current;
    const out = await options.sts.send(new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: `${options.purpose}-${tenant}`.slice(0, 64),
      DurationSeconds: options.durationSeconds ?? 900,
      Tags: [{ Key: TAG.tenant, Value: tenant }],
    }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`roleArn: STS returned no credentials for ${options.roleArn}`);
    current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return current;
  };
}

/** Tenants whose sessions a warm function keeps; a purge's slices come back for the same tenant. */
const DEFAULT_TENANTS_KEPT = 8;

/**
 * Clients for one tenant at a time, each built with the credentials of a session tagged with
 * that tenant. A tenant's clients (and with them its session, renewed before it lapses) are kept
 * for the next invocations, for the last few tenants only, so a workflow's steps and a purge's
 * slices ask STS once per tenant per quarter hour, not once per call.
 */
export function tenantScoped<T>(
  options: Omit<TenantSessionOptions, 'sts'> & { readonly sts: STSClient; readonly tenantsKept?: number },
  make: (credentials: AwsCredentialIdentityProvider) => T,
): (tenantId: unknown) => T {
  const kept = new Map<string, T>();
  return (tenantId) => {
    const tenant = validateTenantId(tenantId);
    const hit = kept.get(tenant);
    if (hit !== undefined) {
      kept.delete(tenant);
      kept.set(tenant, hit);
      return hit;
    }
    const clients = make(tenantCredentials(options, tenant));
    kept.set(tenant, clients);
    if (kept.size > (options.tenantsKept ?? DEFAULT_TENANTS_KEPT)) kept.delete(kept.keys().next().value as string);
    return clients;
  };
}

/** The `tenantId` of a request, unchecked (tenantScoped validates it). */
export function tenantOf(event: unknown): unknown {
  return (event as { tenantId?: unknown } | null | undefined)?.tenantId;
}

/**
 * The tenant of a checkpointed workflow's invocation: callers name it (`start`, `status`), the
 * workflow passes it in the step's `input` (`begin`, `fail`) or `state` (`continue`, `finish`).
 */
export function requestTenant(event: Record<string, unknown>): unknown {
  const nested = (key: string) => (event[key] as { tenantId?: unknown } | null | undefined)?.tenantId;
  return event.tenantId ?? nested('input') ?? nested('state');
}
