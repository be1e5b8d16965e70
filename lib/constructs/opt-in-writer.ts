import { Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DATA_CLASSES } from '../inventory/data-classes';
import type { DataRightsStores } from './data-rights-stores';
import { HandlerFunction } from './handler-function';
import { DATA_RIGHTS_DUTIES, dataRightsRoleName } from './naming';
import { TenantSessionRole } from './tenant-session-role';
import { ENV } from '../vocabulary';

export interface OptInWriterProps {
  /** The data stack's stores. */
  readonly stores: DataRightsStores;
  /** Key of the function's own log group (operational logs class). */
  readonly logKey: kms.IKey;
}

/**
 * The writer of opt-in stores (P-OPT-IN): it checks the tenant registry's opt-in flags before
 * every write. It reads and writes in a session tagged with the tenant of the request, of a role
 * with the fixed name the opt-in buckets' policies allow, so no other role can put objects there
 * and skip the check, and a write for one tenant can reach no other tenant's prefix or key.
 */
export class OptInWriter extends Construct {
  readonly handler: HandlerFunction;
  readonly session: TenantSessionRole;

  constructor(scope: Construct, id: string, props: OptInWriterProps) {
    super(scope, id);
    const { stores } = props;
    const classes = DATA_CLASSES.filter((c) => c.optIn && stores.props.buckets.has(c.id)).map((c) => c.id);
    if (classes.length === 0) throw new Error('stores: the data stack has no opt-in bucket to write');
    const buckets = classes.map((c) => stores.bucket(c));
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'opt-in-writer',
      description: 'Writes opt-in stores only for tenants that opted in (P-OPT-IN)',
      logKey: props.logKey,
      environment: {
        [ENV.registryTable]: stores.table('tenant-registry').tableName,
        [ENV.optInBuckets]: Stack.of(this).toJsonString(Object.fromEntries(classes.map((c, i) => [c, buckets[i].bucketName]))),
      },
    });
    this.session = new TenantSessionRole(this, 'Session', {
      handler: this.handler,
      description: 'Writes the opt-in stores of the one tenant named by the session tag (P-OPT-IN)',
      roleName: dataRightsRoleName(stores.props.naming, DATA_RIGHTS_DUTIES.optInWriter),
    });
    this.session.grants
      .tables('ReadOptIns', [stores.table('tenant-registry')], ['dynamodb:GetItem'])
      .keys('DecryptRegistry', [stores.key('tenant-registry')], ['kms:Decrypt'], ['dynamodb'])
      .objects('WriteOptInObjects', buckets, ['s3:PutObject'])
      .tenantKeys('EncryptWithTenantKeys', ['kms:GenerateDataKey'])
      .suppressTenantWildcards();
  }
}
