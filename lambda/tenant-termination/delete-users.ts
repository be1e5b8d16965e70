import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  DeleteGroupCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '../shared/logger';
import { type BackoffOptions, withBackoff } from '../shared/retry';
import { validateTenantId } from '../shared/tenant-id';
import { type DeleteUsersState, type StoreCatalog, tenantGroupName } from './contract';
import { declaredUserPool } from './targets';

export interface DeleteUsersDeps {
  readonly cognito: (region: string) => CognitoIdentityProviderClient;
  readonly catalog: StoreCatalog;
  /** Users deleted per invocation before it returns. */
  readonly maxUsers: number;
  readonly backoff?: BackoffOptions;
  readonly log: Logger;
  readonly now?: () => Date;
}

export type DeleteUsersInput = Pick<DeleteUsersState, 'tenantId' | 'dryRun' | 'target'> & Partial<DeleteUsersState>;

const isNotFound = (err: unknown) => ['ResourceNotFoundException', 'UserNotFoundException'].includes((err as { name?: string }).name ?? '');

/**
 * One bounded slice of deleting a tenant's portal users: the members of the group
 * `tenant-<tenantId>` (Cognito cannot filter ListUsers on a custom attribute, a group it can list).
 * Deleted users leave the group, so each slice lists from the start; when the group is empty it
 * is deleted too. User names are never logged or returned, only counts.
 */
export async function deleteUsersStep(deps: DeleteUsersDeps, input: DeleteUsersInput): Promise<DeleteUsersState> {
  const tenantId = validateTenantId(input.tenantId);
  const target = declaredUserPool(deps.catalog, input.target);
  const cognito = deps.cognito(target.region);
  const group = tenantGroupName(tenantId);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const totals = { deletedUsers: 0, wouldDelete: 0, groupDeleted: false, ...input.totals };
  let deleted = 0;
  let wouldDelete = 0;
  let done = false;
  let groupDeleted = totals.groupDeleted;
  let token: string | undefined;
  try {
    while (deleted < deps.maxUsers) {
      const page = await withBackoff(
        () => cognito.send(new ListUsersInGroupCommand({ UserPoolId: target.userPoolId, GroupName: group, Limit: 60, NextToken: token })),
        deps.backoff,
      );
      const users = page.Users ?? [];
      if (input.dryRun) {
        wouldDelete += users.length;
        token = page.NextToken;
        if (!token) {
          done = true;
          break;
        }
        continue;
      }
      if (users.length === 0) {
        await withBackoff(() => cognito.send(new DeleteGroupCommand({ UserPoolId: target.userPoolId, GroupName: group })), deps.backoff);
        groupDeleted = true;
        done = true;
        break;
      }
      for (const user of users) {
        try {
          await withBackoff(
            () => cognito.send(new AdminDeleteUserCommand({ UserPoolId: target.userPoolId, Username: user.Username })),
            deps.backoff,
          );
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        deleted++;
      }
    }
  } catch (err) {
    // No such group: the tenant has no portal users here (or an earlier slice removed them all).
    if (!isNotFound(err)) throw err;
    done = true;
  }
  deps.log.info('user slice deleted', { tenantId, userPoolId: target.userPoolId, deleted, wouldDelete, done, dryRun: input.dryRun });
  return {
    tenantId,
    dryRun: input.dryRun,
    target,
    done,
    invocations: (input.invocations ?? 0) + 1,
    totals: { deletedUsers: totals.deletedUsers + deleted, wouldDelete: totals.wouldDelete + wouldDelete, groupDeleted },
    startedAt: input.startedAt ?? now(),
    finishedAt: done ? now() : undefined,
  };
}
