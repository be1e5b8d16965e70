import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  type KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DATA_CLASSES } from '../../lib/inventory/data-classes';
import { InputError } from '../shared/input-error';
import type { Logger } from '../shared/logger';
import { validateTenantId } from '../shared/tenant-id';
import { tenantKeyAlias, tenantKeyPolicy } from '../shared/tenant-key';
import { TAG, TAG_VALUE } from '../../lib/vocabulary';

/** The data classes a tenant may opt into (P-OPT-IN), straight from the inventory. */
export const OPT_IN_CLASSES: readonly string[] = DATA_CLASSES.filter((c) => c.optIn).map((c) => c.id);

/** Input of the onboarding function. */
export interface OnboardRequest {
  readonly tenantId: string;
  /** Opt-in data classes, e.g. `['config-backups']`. @default none */
  readonly optIns?: readonly string[];
}

/** Output of the onboarding function. */
export interface OnboardResult {
  readonly tenantId: string;
  readonly tenantKeyArn: string;
  readonly status: 'active';
  readonly optIns: readonly string[];
  /** False when the tenant already existed and its key was returned unchanged. */
  readonly created: boolean;
}

export interface OnboardingDeps {
  readonly kms: KMSClient;
  readonly ddb: DynamoDBDocumentClient;
  /** Name of the tenant-registry table. */
  readonly registryTable: string;
  /** `alias/<app>/<jurisdiction>/tenant/`. */
  readonly aliasPrefix: string;
  readonly appName: string;
  readonly jurisdictionId: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly platformRoleArnPattern: string;
  /** ARN of the role onboarding runs as: each new key's policy names it as the key administrator. */
  readonly keyAdministratorArn: string;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** Registry item of a tenant; `tenantKeyArn` and `status` are what termination reads. */
export interface TenantRegistryItem {
  tenantId: string;
  status: 'active' | 'terminated' | 'tombstone';
  tenantKeyArn: string;
  optIns: string[];
  onboardedAt: string;
  terminatedAt?: string;
}

/** Checks an onboarding request; throws an InputError naming the first bad field, before any call. */
export function parseOnboardRequest(raw: unknown): { tenantId: string; optIns: string[] } {
  if (!raw || typeof raw !== 'object') throw new InputError('(request)', 'must be an object with tenantId');
  const req = raw as Record<string, unknown>;
  const tenantId = validateTenantId(req.tenantId, 'tenantId');
  const optIns = req.optIns ?? [];
  if (!Array.isArray(optIns)) throw new InputError('optIns', 'must be a list of data class ids');
  optIns.forEach((o, i) => {
    if (typeof o !== 'string' || !OPT_IN_CLASSES.includes(o)) {
      throw new InputError(`optIns[${i}]`, `${JSON.stringify(o)} is not an opt-in data class (${OPT_IN_CLASSES.join(', ')})`);
    }
  });
  return { tenantId, optIns: [...new Set(optIns as string[])].sort() };
}

/**
 * Onboards a tenant: its own KMS key under a predictable alias, and an active registry entry.
 * Idempotent at every step: an existing entry is returned as it is, a key left by an earlier
 * attempt that crashed before the registry write is found by its alias and reused.
 */
export async function onboardTenant(deps: OnboardingDeps, raw: unknown): Promise<OnboardResult> {
  const { tenantId, optIns } = parseOnboardRequest(raw);
  const existing = await readRegistry(deps, tenantId);
  if (existing) {
    if (existing.status !== 'active') {
      // A tombstone (left by a verified termination) or a termination in progress: the id stays
      // taken, so a new tenant never inherits what Object Lock keeps of the old one.
      throw new InputError(
        'tenantId',
        `tenant id '${tenantId}' belongs to a terminated tenant (registry status '${existing.status}') and is never reused; choose ` +
          `another id`,
      );
    }
    deps.log.info('tenant already onboarded', { tenantId, created: false });
    return { tenantId, tenantKeyArn: existing.tenantKeyArn, status: 'active', optIns: existing.optIns, created: false };
  }
  const tenantKeyArn = await findOrCreateKey(deps, tenantId, deps.log);
  const item: TenantRegistryItem = {
    tenantId, status: 'active', tenantKeyArn, optIns, onboardedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  try {
    await deps.ddb.send(
      new PutCommand({ TableName: deps.registryTable, Item: item, ConditionExpression: 'attribute_not_exists(tenantId)' }),
    );
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    // A concurrent onboarding won the race; its entry names the same key, found by the same alias.
    const winner = await readRegistry(deps, tenantId);
    if (!winner) throw err;
    return { tenantId, tenantKeyArn: winner.tenantKeyArn, status: 'active', optIns: winner.optIns, created: false };
  }
  deps.log.info('tenant onboarded', { tenantId, created: true, optIns });
  return { tenantId, tenantKeyArn, status: 'active', optIns, created: true };
}

async function readRegistry(deps: OnboardingDeps, tenantId: string): Promise<TenantRegistryItem | undefined> {
  const out = await deps.ddb.send(new GetCommand({ TableName: deps.registryTable, Key: { tenantId }, ConsistentRead: true }));
  return out.Item as TenantRegistryItem | undefined;
}

async function findOrCreateKey(deps: OnboardingDeps, tenantId: string, log: Logger): Promise<string> {
  const alias = tenantKeyAlias(deps.aliasPrefix, tenantId);
  const found = await describeAlias(deps.kms, alias);
  if (found) {
    if (found.state !== 'Enabled') {
      throw new InputError('tenantId', `the key of tenant '${tenantId}' is ${found.state}: the tenant was terminated`);
    }
    log.info('reusing the tenant key left by an earlier attempt', { tenantId });
    return found.arn;
  }
  const created = await deps.kms.send(
    new CreateKeyCommand({
      Description: `${deps.appName} ${deps.jurisdictionId}: data of tenant ${tenantId}`,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Policy: tenantKeyPolicy({
        tenantId,
        partition: deps.partition,
        accountId: deps.accountId,
        region: deps.region,
        platformRoleArnPattern: deps.platformRoleArnPattern,
        keyAdministratorArn: deps.keyAdministratorArn,
      }),
      Tags: [
        { TagKey: TAG.tenant, TagValue: tenantId },
        { TagKey: TAG.purpose, TagValue: TAG_VALUE.tenantDataKey },
        { TagKey: TAG.jurisdiction, TagValue: deps.jurisdictionId },
        { TagKey: TAG.deletedBy, TagValue: TAG_VALUE.deletedByTenantTermination },
      ],
    }),
  );
  const keyArn = created.KeyMetadata!.Arn!;
  await deps.kms.send(new EnableKeyRotationCommand({ KeyId: created.KeyMetadata!.KeyId }));
  try {
    await deps.kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyArn }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'AlreadyExistsException') throw err;
    // Another onboarding of the same tenant created its key first: keep that one, retire ours.
    await deps.kms.send(new ScheduleKeyDeletionCommand({ KeyId: created.KeyMetadata!.KeyId, PendingWindowInDays: 7 }));
    const winner = await describeAlias(deps.kms, alias);
    if (!winner) throw err;
    return winner.arn;
  }
  return keyArn;
}

async function describeAlias(kms: KMSClient, alias: string): Promise<{ arn: string; state: string } | undefined> {
  try {
    const out = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
    return { arn: out.KeyMetadata!.Arn!, state: out.KeyMetadata!.KeyState ?? 'Unknown' };
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFoundException') return undefined;
    throw err;
  }
}
