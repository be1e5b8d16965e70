import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HandlerFunction } from './handler-function';
import { ENV } from '../vocabulary';

export interface PortalUserGuardProps {
  /** The portal user pool; the guard becomes its pre-sign-up and pre-token-generation trigger. */
  readonly userPool: cognito.UserPool;
  /** The tenant registry, read (one item, consistently) to admit a user's tenant. */
  readonly registryTable: dynamodb.ITableV2;
  /** Key of the registry table. */
  readonly registryKey: kms.IKey;
  /** Key of the guard's log group. */
  readonly logKey: kms.IKey;
}

/**
 * P-DELETE-ON-TERMINATION for portal users: every user the pool creates (AdminCreateUser, and
 * self or federated sign-up were they enabled) must carry, in its immutable `custom:tenantId`, the
 * id of a tenant that is onboarded and not terminated; and no user gets tokens unless that still
 * holds, which covers users a CSV import created past the pre-sign-up trigger. Termination deletes
 * a tenant's users by that attribute, and its verification fails while any user lacks one.
 */
export class PortalUserGuard extends Construct {
  readonly handler: HandlerFunction;

  constructor(scope: Construct, id: string, props: PortalUserGuardProps) {
    super(scope, id);
    this.handler = new HandlerFunction(this, 'Guard', {
      handler: 'portal-user-guard',
      description: 'Admits portal users only with the id of an onboarded, non-terminated tenant (pre-sign-up, pre-token-generation)',
      logKey: props.logKey,
      // Cognito waits at most 5 s for a trigger.
      timeout: Duration.seconds(5),
      // Every sign-in passes here: room for bursts beyond the default.
      reservedConcurrency: 20,
      environment: { [ENV.registryTable]: props.registryTable.tableName },
    });
    this.handler.allow(new iam.PolicyStatement({
      sid: 'ReadTenantStatus',
      actions: ['dynamodb:GetItem'],
      resources: [props.registryTable.tableArn],
    }));
    this.handler.useKey(props.registryKey, 'read');
    props.userPool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, this.handler.function);
    props.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, this.handler.function);
  }
}
