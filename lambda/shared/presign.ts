import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { sdkClient } from './sdk-clients';
import { tenantCredentials, type TenantSessionOptions } from './tenant-session';

/**
 * A presigner for archive downloads. The link carries the signer's session credentials, so
 * it stops working when either its own expiry or that session ends, whichever is first.
 */
export function s3Presigner(s3: S3Client): (bucket: string, key: string, seconds: number) => Promise<string> {
  return (bucket, key, seconds) => getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds });
}

/** The longest session STS gives a role session started from another one (role chaining). */
const CHAINED_SESSION_LIMIT_SECONDS = 3600;

/**
 * Links signed in a session of the tenant's role started for the link and lasting at least as
 * long as it (15 minutes at least, the hour a chained session allows at most; links last 1..60
 * minutes), so a link reaches only that tenant's archive and is never cut short by its signer.
 */
export function tenantLinkPresigner(
  session: Omit<TenantSessionOptions, 'durationSeconds'>,
  tenantId: unknown,
  region?: string,
): (bucket: string, key: string, seconds: number) => Promise<string> {
  return (bucket, key, seconds) => {
    const durationSeconds = Math.min(CHAINED_SESSION_LIMIT_SECONDS, Math.max(900, seconds));
    const s3 = sdkClient(S3Client, { region, credentials: tenantCredentials({ ...session, durationSeconds }, tenantId) });
    return s3Presigner(s3)(bucket, key, seconds);
  };
}
