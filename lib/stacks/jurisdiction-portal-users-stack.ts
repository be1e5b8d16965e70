import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { dataClass } from '../inventory/data-classes';
import { tagWithDataClass } from '../inventory/tags';
import { SUPPRESSION_REASON } from '../nag/suppression-reasons';
import type { JurisdictionStackProps } from './jurisdiction-stack-props';

/** Name of the immutable custom attribute that ties a portal user to one tenant (`custom:tenantId`). */
export const TENANT_ID_ATTRIBUTE = 'tenantId';

export type JurisdictionPortalUsersStackProps = JurisdictionStackProps;

/**
 * The portal's users in the primary region (P-PORTAL-MFA, `user-accounts` class): sign-in with
 * e-mail, TOTP as second factor (optional or required by `access.portalMfa`; never SMS), a
 * 12-character password with every character class, threat protection that blocks risky
 * sign-ins, and deletion protection. Each user carries an immutable `custom:tenantId`, which the
 * termination workflow reads to delete a tenant's users (P-DELETE-ON-TERMINATION).
 */
export class JurisdictionPortalUsersStack extends Stack {
  readonly userPool: cognito.UserPool;

  constructor(scope: Construct, id: string, props: JurisdictionPortalUsersStackProps) {
    const { jurisdiction } = props;
    super(scope, id, { ...props, env: { region: jurisdiction.primaryRegion, account: jurisdiction.account } });
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

    if (mfa === 'optional') {
      NagSuppressions.addResourceSuppressions(
        this.userPool,
        [{ id: 'AwsSolutions-COG2', reason: SUPPRESSION_REASON.portalMfaOptional }],
        false,
      );
    }
  }
}
