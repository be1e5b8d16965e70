import type { DataRightsStores } from './data-rights-stores';

/**
 * The environment every archive-writing handler reads with `exportDestinationFromEnv`: the
 * exports bucket and its class key, and how long a download link lives.
 */
export function exportDestinationEnvironment(stores: DataRightsStores, downloadUrlMinutes: number): Record<string, string> {
  if (!Number.isInteger(downloadUrlMinutes) || downloadUrlMinutes < 1 || downloadUrlMinutes > 60) {
    throw new Error(`downloadUrlMinutes: must be an integer in 1..60, got ${downloadUrlMinutes}`);
  }
  return {
    EXPORTS_BUCKET: stores.bucket('exports').bucketName,
    EXPORTS_KEY_ARN: stores.key('exports').keyArn,
    DOWNLOAD_URL_SECONDS: String(downloadUrlMinutes * 60),
  };
}
