import {
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  paginateListUsers,
  paginateListUsersInGroup,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { TENANT_ID_PATTERN } from '../shared/tenant-id';

/**
 * How a portal user belongs to a tenant: the custom attribute `custom:tenantId`, set when the
 * user is created and immutable afterwards (the portal-users stack declares it so). Membership of
 * the group `tenant-<tenantId>` is honoured too, for users an operator put there by hand, but it
 * is never what proves a tenant has no users left. The portal user guard (lambda/portal-user-guard)
 * refuses to create a user, or issue tokens to one, without the well-formed id of a live tenant;
 * a user that still lacks one (a CSV import, a user older than the guard) could be anyone's, so
 * the verification counts it as `unattributedUsers` and is not clean while one exists.
 */
export const TENANT_ATTRIBUTE = 'custom:tenantId';

/** The group an operator may have used for a tenant's users. */
export function tenantGroupName(tenantId: string): string {
  return `tenant-${tenantId}`;
}

/** Cognito's page limit for ListUsers and ListUsersInGroup. */
const PAGE = 60;

export function tenantOf(user: UserType): string | undefined {
  return user.Attributes?.find((a) => a.Name === TENANT_ATTRIBUTE)?.Value;
}

/**
 * One page of the whole pool, asking only for the tenant attribute (no e-mail or name is read).
 * Cognito cannot filter ListUsers on a custom attribute, so every user is read and checked.
 */
export async function poolPage(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  token: string | undefined,
): Promise<{ users: UserType[]; token?: string }> {
  const page = await cognito.send(
    new ListUsersCommand({ UserPoolId: userPoolId, AttributesToGet: [TENANT_ATTRIBUTE], Limit: PAGE, PaginationToken: token }),
  );
  return { users: page.Users ?? [], token: page.PaginationToken };
}

/** One page of the tenant group's members; an absent group is an empty one. */
export async function groupPage(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  tenantId: string,
  token: string | undefined,
): Promise<{ users: UserType[]; token?: string; groupExists: boolean }> {
  try {
    const page = await cognito.send(
      new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: tenantGroupName(tenantId), Limit: PAGE, NextToken: token }),
    );
    return { users: page.Users ?? [], token: page.NextToken, groupExists: true };
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return { users: [], groupExists: false };
    throw err;
  }
}

/**
 * Counts, independently of the group: every user of the pool whose attribute names the tenant,
 * members of the tenant group, and users whose attribute is missing or not a tenant id. The
 * deletion selects users by the attribute; this count does not trust it: every user left must
 * carry another tenant's well-formed id, or it counts against the run.
 */
export async function countTenantUsers(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  tenantId: string,
): Promise<{ users: number; groupMembers: number; unattributedUsers: number }> {
  let users = 0;
  let unattributedUsers = 0;
  const pool = paginateListUsers({ client: cognito, pageSize: PAGE }, { UserPoolId: userPoolId, AttributesToGet: [TENANT_ATTRIBUTE] });
  for await (const page of pool) {
    for (const u of page.Users ?? []) {
      const owner = tenantOf(u);
      if (owner === tenantId) users++;
      else if (owner === undefined || !TENANT_ID_PATTERN.test(owner)) unattributedUsers++;
    }
  }
  let groupMembers = 0;
  try {
    const group = paginateListUsersInGroup(
      { client: cognito, pageSize: PAGE },
      { UserPoolId: userPoolId, GroupName: tenantGroupName(tenantId) },
    );
    for await (const page of group) groupMembers += (page.Users ?? []).length;
  } catch (err) {
    // An absent group has no members.
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
  }
  return { users, groupMembers, unattributedUsers };
}
