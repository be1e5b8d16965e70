import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getRegisteredTenant } from '../shared/registered-tenant';

/** The attribute that ties a portal user to one tenant, immutable once the user exists. */
export const TENANT_ATTRIBUTE = 'custom:tenantId';

/** What Cognito hands a pre-sign-up or pre-token-generation trigger, as far as the guard reads it. */
export interface PortalUserEvent {
  readonly triggerSource: string;
  readonly userPoolId?: string;
  readonly request: { readonly userAttributes?: Readonly<Record<string, string | undefined>> };
}

export interface PortalUserGuardDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly registryTable: string;
}

/**
 * Trigger sources the guard answers: every way Cognito creates a user (self sign-up, which the
 * portal pool disables; an administrator's AdminCreateUser; a federated first sign-in) and every
 * way it issues tokens (so a user created past pre-sign-up, e.g. by a CSV import, or one whose
 * tenant has since been terminated, never gets a session).
 */
const GUARDED = /^(PreSignUp_(SignUp|AdminCreateUser|ExternalProvider)|TokenGeneration_[A-Za-z]+)$/;

/**
 * Admits a portal user only when `custom:tenantId` names a well-formed id of a tenant that is
 * onboarded and not closed (terminating, terminated or tombstoned): so every user the pool holds
 * carries the tenant it belongs to, which is what termination deletes by. Refusals throw, which
 * Cognito answers with a `UserLambdaValidationException` carrying the message, and nothing is
 * created or issued. The message names the attribute and the tenant id, never the user.
 */
export async function admitPortalUser(deps: PortalUserGuardDeps, event: PortalUserEvent): Promise<void> {
  if (!GUARDED.test(event.triggerSource)) {
    throw new Error(`triggerSource: '${event.triggerSource}' is not a trigger the portal user guard answers`);
  }
  await getRegisteredTenant(deps.ddb, deps.registryTable, event.request.userAttributes?.[TENANT_ATTRIBUTE], TENANT_ATTRIBUTE);
}
