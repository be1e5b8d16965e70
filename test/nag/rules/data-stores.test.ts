import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataClassBucket } from '../../../lib/constructs/data-class-bucket';
import { DataClassTable } from '../../../lib/constructs/data-class-table';
import { dataClass } from '../../../lib/inventory/data-classes';
import { tagWithDataClass } from '../../../lib/inventory/tags';
import { declareDeletionCoverage } from '../../../lib/nag/conventions';
import { ruleOutcome } from '../../support/nag';
import { TAG } from '../../../lib/vocabulary';

/** A store built the way the app builds it, from the inventory. */
function classBucket(stack: Stack, classId: string, id = classId, retentionDays?: number): DataClassBucket {
  const cls = dataClass(classId);
  return new DataClassBucket(stack, id, {
    dataClass: cls,
    jurisdictionId: 'eu',
    bucketName: `steward-eu-${classId}-${id.toLowerCase()}`,
    encryptionKey: new kms.Key(stack, `${id}Key`, { enableKeyRotation: true }),
    retentionDays,
  });
}

function classTable(stack: Stack, classId: string, id = classId): DataClassTable {
  return new DataClassTable(stack, id, {
    dataClass: dataClass(classId),
    jurisdictionId: 'eu',
    encryptionKey: new kms.Key(stack, `${id}Key`, { enableKeyRotation: true }),
    replica: dataClass(classId).replicated ? { region: 'eu-west-1', keyArn: 'arn:aws:kms:eu-west-1:111111111111:alias/k' } : undefined,
  });
}

describe('P-METADATA-ONLY-StoreDeclaresDataClass', () => {
  const id = 'P-METADATA-ONLY-StoreDeclaresDataClass';

  test('passes inventory-built buckets and tables', () => {
    const out = ruleOutcome(id, (s) => {
      classBucket(s, 'device-logs');
      classTable(s, 'device-metadata');
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a bucket without a data class and one naming a class the inventory does not declare', () => {
    const out = ruleOutcome(id, (s) => {
      new s3.Bucket(s, 'Untagged');
      Tags.of(new s3.Bucket(s, 'Invented')).add(TAG.dataClass, 'packet-captures');
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Invented/Resource', 'RuleTest/Untagged/Resource']);
  });
});

describe('P-OPT-IN-OptInStoreDeclared', () => {
  const id = 'P-OPT-IN-OptInStoreDeclared';

  test('passes opt-in and ordinary stores tagged as the inventory says', () => {
    const out = ruleOutcome(id, (s) => {
      classBucket(s, 'config-backups');
      classBucket(s, 'device-logs');
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails an opt-in class store that claims not to be opt-in, and one without the tag', () => {
    const out = ruleOutcome(id, (s) => {
      Tags.of(classBucket(s, 'config-backups', 'Mislabelled')).add(TAG.optIn, 'false', { priority: 500 });
      Tags.of(new s3.Bucket(s, 'NoOptInTag')).add(TAG.dataClass, 'provisioning-templates');
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Mislabelled/Bucket/Resource', 'RuleTest/NoOptInTag/Resource']);
  });
});

describe('P-RETENTION-BucketExpiresWithinRetention', () => {
  const id = 'P-RETENTION-BucketExpiresWithinRetention';

  test('passes log buckets that expire objects and versions within the declared days', () => {
    const out = ruleOutcome(id, (s) => {
      classBucket(s, 'access-logs', 'Access', 7);
      classBucket(s, 'device-logs', 'Device', 30);
      classBucket(s, 'config-backups', 'TenancyKept');
    });
    // The tenancy-kept backup bucket has no day bound, so only the two log buckets are judged.
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a log bucket whose lifecycle outlives its declared retention or filters by prefix', () => {
    const out = ruleOutcome(id, (s) => {
      const late = new s3.Bucket(s, 'ExpiresLate', { lifecycleRules: [{ expiration: Duration.days(90) }] });
      tagWithDataClass(late, dataClass('access-logs'), 'eu', '30d');
      const partial = new s3.Bucket(s, 'PrefixOnly', { lifecycleRules: [{ prefix: 'tmp/', expiration: Duration.days(1) }] });
      tagWithDataClass(partial, dataClass('incident-logs'), 'eu', '30d');
      const oldVersions = new s3.Bucket(s, 'KeepsOldVersions', { versioned: true, lifecycleRules: [{ expiration: Duration.days(30) }] });
      tagWithDataClass(oldVersions, dataClass('device-logs'), 'eu', '30d');
    });
    expect(out.failures.sort()).toEqual([
      'RuleTest/ExpiresLate/Resource[lifecycle]',
      'RuleTest/KeepsOldVersions/Resource[lifecycle]',
      'RuleTest/PrefixOnly/Resource[lifecycle]',
    ]);
  });

  test('fails a log bucket that declares a retention outside its class range', () => {
    const out = ruleOutcome(id, (s) => {
      const bucket = new s3.Bucket(s, 'TooLong', { lifecycleRules: [{ expiration: Duration.days(60) }] });
      tagWithDataClass(bucket, dataClass('access-logs'), 'eu', '60d');
    });
    expect(out.failures).toEqual(['RuleTest/TooLong/Resource[declared-retention]']);
  });
});

describe('P-RETENTION-LogGroupRetentionBounded', () => {
  const id = 'P-RETENTION-LogGroupRetentionBounded';

  test('passes log groups kept 1 to 30 days', () => {
    const out = ruleOutcome(id, (s) => {
      new logs.LogGroup(s, 'Day', { retention: logs.RetentionDays.ONE_DAY });
      new logs.LogGroup(s, 'Month', { retention: logs.RetentionDays.ONE_MONTH });
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a log group kept forever and one kept three months', () => {
    const out = ruleOutcome(id, (s) => {
      new logs.LogGroup(s, 'Forever', { retention: logs.RetentionDays.INFINITE });
      new logs.LogGroup(s, 'Quarter', { retention: logs.RetentionDays.THREE_MONTHS });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Forever/Resource', 'RuleTest/Quarter/Resource']);
  });
});

describe('P-JIT-CACHE-ConfigCacheExpiresWithinADay', () => {
  const id = 'P-JIT-CACHE-ConfigCacheExpiresWithinADay';
  const cacheTags = (scope: s3.Bucket | dynamodb.Table) => tagWithDataClass(scope, dataClass('config-cache'), 'eu', '1d');

  test('passes the inventory-built cache bucket and a cache table with TTL and no backups', () => {
    const out = ruleOutcome(id, (s) => {
      classBucket(s, 'config-cache');
      cacheTags(
        new dynamodb.Table(s, 'CacheTable', {
          partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
          timeToLiveAttribute: 'expiresAt',
        }),
      );
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a cache bucket kept a week and a cache table without TTL but with backups', () => {
    const out = ruleOutcome(id, (s) => {
      cacheTags(new s3.Bucket(s, 'WeekLong', { lifecycleRules: [{ expiration: Duration.days(7) }] }));
      cacheTags(
        new dynamodb.Table(s, 'BackedUp', {
          partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        }),
      );
    });
    expect(out.failures.sort()).toEqual([
      'RuleTest/BackedUp/Resource[backed-up]',
      'RuleTest/BackedUp/Resource[expiry]',
      'RuleTest/WeekLong/Resource[expiry]',
    ]);
  });

  test('fails a cache bucket that replicates', () => {
    const out = ruleOutcome(id, (s) => {
      const bucket = classBucket(s, 'config-cache');
      (bucket.bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
        role: 'arn:aws:iam::111111111111:role/r',
        rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::steward-eu-config-cache-eu-west-1' } }],
      };
    });
    expect(out.failures).toEqual(['RuleTest/config-cache/Bucket/Resource[replicated]']);
  });
});

describe('P-DELETE-ON-TERMINATION-TenantStoreCovered', () => {
  const id = 'P-DELETE-ON-TERMINATION-TenantStoreCovered';

  test('passes tenant stores the termination workflow declared, skips non-tenant stores', () => {
    const out = ruleOutcome(id, (s) => {
      declareDeletionCoverage(classBucket(s, 'device-logs'));
      declareDeletionCoverage(classTable(s, 'tenant-registry'));
      classBucket(s, 'audit-receipts');
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails a tenant bucket and a tenant table no workflow deletes from', () => {
    const out = ruleOutcome(id, (s) => {
      classBucket(s, 'access-logs');
      classTable(s, 'device-metadata');
    });
    expect(out.failures.sort()).toEqual(['RuleTest/access-logs/Bucket/Resource', 'RuleTest/device-metadata/Table/Resource']);
  });
});

describe('P-TENANT-ISOLATION-TenantTablePartitionedByTenant', () => {
  const id = 'P-TENANT-ISOLATION-TenantTablePartitionedByTenant';

  test('passes inventory-built tenant tables', () => {
    expect(ruleOutcome(id, (s) => classTable(s, 'device-metadata'))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a tenant table partitioned by something else', () => {
    const out = ruleOutcome(id, (s) => {
      const table = new dynamodb.Table(s, 'ByDevice', { partitionKey: { name: 'deviceId', type: dynamodb.AttributeType.STRING } });
      tagWithDataClass(table, dataClass('device-metadata'), 'eu', 'tenancy');
    });
    expect(out.failures).toEqual(['RuleTest/ByDevice/Resource']);
  });
});

describe('P-PURPOSE-DataBucketAccessLogged', () => {
  const id = 'P-PURPOSE-DataBucketAccessLogged';

  test('passes a data bucket that writes server access logs, skips the log sink itself', () => {
    const out = ruleOutcome(id, (s) => {
      const sink = classBucket(s, 'storage-access-logs', 'Sink', 90);
      new DataClassBucket(s, 'Logged', {
        dataClass: dataClass('device-logs'),
        jurisdictionId: 'eu',
        bucketName: 'steward-eu-device-logs-logged',
        encryptionKey: new kms.Key(s, 'LoggedKey', { enableKeyRotation: true }),
        serverAccessLogsBucket: sink.bucket,
      });
    });
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a data bucket without access logging', () => {
    expect(ruleOutcome(id, (s) => classBucket(s, 'device-logs', 'Unlogged')).failures).toEqual(['RuleTest/Unlogged/Bucket/Resource']);
  });
});
