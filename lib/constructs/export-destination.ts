import type { DataRightsStores } from './data-rights-stores';
import { ENV, LIMITS, isWithin, rangeText } from '../vocabulary';

/**
 * The environment every archive-writing handler reads with `exportDestinationFromEnv`: the
 * exports bucket and its class key, and how long a download link lives.
 */
export function exportDestinationEnvironment(stores: DataRightsStores, downloadUrlMinutes: number): Record<string, string> {
  if (!isWithin(downloadUrlMinutes, LIMITS.downloadUrlMinutes)) {
    throw new Error(`downloadUrlMinutes: must be an integer in ${rangeText(LIMITS.downloadUrlMinutes)}, got ${downloadUrlMinutes}`);
  }
  return {
    [ENV.exportsBucket]: stores.bucket('exports').bucketName,
    [ENV.exportsKeyArn]: stores.key('exports').keyArn,
    [ENV.downloadUrlSeconds]: String(downloadUrlMinutes * 60),
  };
}
