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
