import { DataRightsStores } from '../../lib/constructs/data-rights-stores';
import { EarlyLogPurge } from '../../lib/constructs/early-log-purge';
import { SupportConsent } from '../../lib/constructs/support-consent';
import { TenantExport } from '../../lib/constructs/tenant-export';
import { JurisdictionDataStack } from '../../lib/stacks/jurisdiction-data-stack';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';
import { flatten } from '../support/cfn';

// Only the data stack is built: the constructs refuse bad props before they create anything.
const eu = RESOLVED_DEFAULT_CONFIG.jurisdictions[0];
const data = new JurisdictionDataStack(newTestApp(), 'Data', { appName: 'steward', jurisdiction: eu });
const stores = new DataRightsStores({
  naming: { appName: 'steward', jurisdictionId: 'eu' }, replicaRegion: eu.replicaRegion,
  buckets: data.buckets, tables: data.tables, keys: data.keys,
});
const logKey = data.keyFor('operational-logs');

describe('data-rights constructs refuse bad props, naming them', () => {
  test('a purge of a class that is not a replicated, day-bounded log bucket', () => {
    expect(() => new EarlyLogPurge(data, 'P1', { stores, logKey, classes: ['config-backups'] })).toThrow(
      "classes: 'config-backups' is not a replicated, day-bounded log bucket class",
    );
    expect(() => new EarlyLogPurge(data, 'P2', { stores, logKey, classes: [] })).toThrow(/^classes: /);
  });

  test('a download link outside 1..60 minutes', () => {
    expect(() => new TenantExport(data, 'E1', { stores, logKey, downloadUrlMinutes: 61 })).toThrow(/^downloadUrlMinutes: /);
  });

  test('grant and session bounds outside the configured ranges', () => {
    expect(() => new SupportConsent(data, 'S1', { stores, logKey, maxGrantHours: 73, maxSessionMinutes: 30 })).toThrow(/^maxGrantHours: /);
    expect(() => new SupportConsent(data, 'S2', { stores, logKey, maxGrantHours: 24, maxSessionMinutes: 10 })).toThrow(/^maxSessionMinutes: /);
  });

  test('a replica of a class that stays in one region', () => {
    expect(() => stores.replica('config-cache')).toThrow("replicaRegion: data class 'config-cache' is not replicated");
    expect(flatten(data.resolve(stores.replica('device-logs').bucketName))).toBe('steward-eu-device-logs-${AWS::AccountId}-eu-west-1');
  });
});
