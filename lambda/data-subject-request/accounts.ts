import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  paginateListUsers,
} from '@aws-sdk/client-cognito-identity-provider';
import { emailSpellings } from './subject';

/** Attribute holding the tenant a portal user belongs to. */
export const TENANT_ATTRIBUTE = 'custom:tenantId';

/** A portal account of the data subject inside the requesting tenant. */
export interface PortalAccount {
  readonly userName: string;
  readonly attributes: Record<string, string>;
}

/**
 * The subject's portal accounts in one tenant. Cognito can filter only on standard attributes,
 * so the e-mail filter runs in Cognito and the tenant check here: an account of another tenant
 * with the same e-mail is never returned, let alone deleted.
 */
export async function findAccounts(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  tenantId: string,
  subject: { email?: string; userName?: string },
): Promise<PortalAccount[]> {
  const found = new Map<string, PortalAccount>();
  // Cognito compares exactly, so every spelling of the address the pool may hold is asked for.
  for (const email of subject.email ? emailSpellings(subject.email) : []) {
    // The e-mail was validated to hold no quote, so it cannot break out of the filter string.
    for await (const page of paginateListUsers({ client: cognito }, { UserPoolId: userPoolId, Filter: `email = "${email}"` })) {
      for (const u of page.Users ?? []) {
        if (u.Username) found.set(u.Username, { userName: u.Username, attributes: attributesOf(u.Attributes) });
      }
    }
  }
  const userNames = subject.userName ? [...new Set([subject.userName.normalize('NFC'), subject.userName.normalize('NFD')])] : [];
  for (const userName of userNames.filter((n) => !found.has(n))) {
    try {
      const u = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
      if (u.Username) found.set(u.Username, { userName: u.Username, attributes: attributesOf(u.UserAttributes) });
    } catch (err) {
      if ((err as { name?: string }).name !== 'UserNotFoundException') throw err;
    }
  }
  return [...found.values()].filter((a) => a.attributes[TENANT_ATTRIBUTE] === tenantId);
}

export async function deleteAccount(cognito: CognitoIdentityProviderClient, userPoolId: string, account: PortalAccount): Promise<void> {
  await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: account.userName }));
}

function attributesOf(list: AttributeType[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((a) => a.Name).map((a) => [a.Name as string, a.Value ?? '']));
}
