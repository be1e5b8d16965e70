import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { PortalUserGuard } from '../constructs/portal-user-guard';
import { dataClass } from '../inventory/data-classes';
import { tagWithDataClass } from '../inventory/tags';
import { suppress } from '../nag/suppressions';
import { declareHandlerNetwork, type HandlerStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

/** Name of the immutable custom attribute that ties a portal user to one tenant (`custom:tenantId`). */
export const TENANT_ID_ATTRIBUTE = 'tenantId';

export interface JurisdictionPortalUsersStackProps extends HandlerStackProps {
  /** The tenant registry, which the user guard reads to admit a user's tenant. */
  readonly registryTable: dynamodb.ITableV2;
  /** Key of the tenant registry. */
  readonly registryKey: kms.IKey;
  /** The jurisdiction's operational-logs key, for the guard's log group. */
  readonly operationalLogsKey: kms.IKey;
}

/**
 * The portal's users in the primary region (P-PORTAL-MFA, `user-accounts` class): sign-in with
 * e-mail, TOTP as second factor (optional or required by `access.portalMfa`; never SMS), a
 * 12-character password with every character class, threat protection that blocks risky
 * sign-ins, and deletion protection. Each user carries an immutable `custom:tenantId` naming an
 * onboarded, non-terminated tenant, enforced by the PortalUserGuard trigger at creation and at
 * every token issue; the termination workflow deletes a tenant's users by it (P-DELETE-ON-TERMINATION).
 */
export class JurisdictionPortalUsersStack extends JurisdictionStack {
  readonly userPool: cognito.UserPool;

  constructor(scope: Construct, id: string, props: JurisdictionPortalUsersStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    declareHandlerNetwork(this, props);
    const mfa = jurisdiction.access.portalMfa;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${props.appName}-${jurisdiction.id}-portal-users`,
      // Tenants' administrators invite users; nobody signs up on their own.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: mfa === 'required' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        [TENANT_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 3, maxLen: 63, mutable: false }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    tagWithDataClass(this.userPool, dataClass('user-accounts'), jurisdiction.id, 'tenancy');
    new PortalUserGuard(this, 'UserGuard', {
      userPool: this.userPool, registryTable: props.registryTable, registryKey: props.registryKey, logKey: props.operationalLogsKey,
    });

    if (mfa === 'optional') {
      suppress(this.userPool, [{ rule: 'AwsSolutions-COG2', reason: 'portalMfaOptional' }]);
    }
  }
}
