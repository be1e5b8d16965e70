import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  DeleteGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '../shared/logger';
import { validateTenantId } from '../shared/tenant-id';
import type { DeleteUsersState, StoreCatalog } from './contract';
import { groupPage, poolPage, tenantGroupName, tenantOf } from './portal-users';
import { declaredUserPool } from './targets';

export interface DeleteUsersDeps {
  readonly cognito: (region: string) => CognitoIdentityProviderClient;
  readonly catalog: StoreCatalog;
  /** Users deleted (or pool pages read) per invocation before it returns. */
  readonly maxUsers: number;
  readonly log: Logger;
  readonly now?: () => Date;
}

export type DeleteUsersInput = Pick<DeleteUsersState, 'tenantId' | 'dryRun' | 'target'> & Partial<DeleteUsersState>;

const isNotFound = (err: unknown) => ['ResourceNotFoundException', 'UserNotFoundException'].includes((err as { name?: string }).name ?? '');

/**
 * One bounded slice of deleting a tenant's portal users, in two phases:
 * - `group`: members of the group `tenant-<tenantId>` (deleted users leave it, so each slice
 *   lists from the start), then the group itself;
 * - `pool`: a walk over every user of the pool, deleting each whose `custom:tenantId` names the
 *   tenant. A walk that deleted someone is followed by another (deletes may shift the pages), so
 *   the phase ends only after a full walk found nobody of the tenant.
 * User names are never logged or returned, only counts.
 */
export async function deleteUsersStep(deps: DeleteUsersDeps, input: DeleteUsersInput): Promise<DeleteUsersState> {
  const tenantId = validateTenantId(input.tenantId);
  const target = declaredUserPool(deps.catalog, input.target);
  const cognito = deps.cognito(target.region);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const totals = { deletedUsers: 0, wouldDelete: 0, groupDeleted: false, ...input.totals };
  let phase = input.phase ?? 'group';
  let token = input.token;
  let walkDeleted = input.walkDeleted ?? 0;
  let work = 0;
  let done = false;
  const remove = async (username: string | undefined) => {
    work++;
    if (input.dryRun) {
      totals.wouldDelete++;
      return;
    }
    try {
      await cognito.send(new AdminDeleteUserCommand({ UserPoolId: target.userPoolId, Username: username }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    totals.deletedUsers++;
    walkDeleted++;
  };

  while (!done && work < deps.maxUsers) {
    if (phase === 'group') {
      const page = await groupPage(cognito, target.userPoolId, tenantId, input.dryRun ? token : undefined);
      // A dry run counts here only members the pool walk will not count again.
      for (const user of page.users) if (!input.dryRun || tenantOf(user) !== tenantId) await remove(user.Username);
      token = input.dryRun ? page.token : undefined;
      if (page.users.length === 0 || (input.dryRun && !token)) {
        if (page.groupExists && !input.dryRun) {
          try {
            await cognito.send(new DeleteGroupCommand({ UserPoolId: target.userPoolId, GroupName: tenantGroupName(tenantId) }));
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
          totals.groupDeleted = true;
        }
        phase = 'pool';
        token = undefined;
        walkDeleted = 0;
      }
      continue;
    }
    const page = await poolPage(cognito, target.userPoolId, token);
    work++;
    for (const user of page.users) if (tenantOf(user) === tenantId) await remove(user.Username);
    token = page.token;
    if (!token) {
      if (walkDeleted === 0 || input.dryRun) done = true;
      walkDeleted = 0;
    }
  }
  deps.log.info('user slice deleted', {
    tenantId,
    userPoolId: target.userPoolId,
    phase,
    done,
    dryRun: input.dryRun,
    deletedUsers: totals.deletedUsers,
  });
  return {
    tenantId,
    dryRun: input.dryRun,
    target,
    done,
    phase,
    token: done ? undefined : token,
    walkDeleted,
    invocations: (input.invocations ?? 0) + 1,
    totals,
    startedAt: input.startedAt ?? now(),
    finishedAt: done ? now() : undefined,
  };
}
