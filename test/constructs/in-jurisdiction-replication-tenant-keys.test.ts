import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { tenantKeyPolicy } from '../../lambda/shared/tenant-key';
import { DataClassBucket } from '../../lib/constructs/data-class-bucket';
import { InJurisdictionReplication } from '../../lib/constructs/in-jurisdiction-replication';
import { dataClass } from '../../lib/inventory/data-classes';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';
import { TAG } from '../../lib/vocabulary';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';
/** A name CloudFormation gives the role in the data stack `steward-eu-data`. */
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/steward-eu-data-ReplicationRoleCE149CEC-AbCdEf123456`;
const TENANT_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The replication role's policy document as deployed: pseudo parameters filled in. */
function replicationPolicy(): unknown {
  const stack = new Stack(newTestApp(), 'steward-eu-data', { env: { region: REGION, account: ACCOUNT } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new DataClassBucket(stack, 'Store', {
    dataClass: dataClass('config-backups'),
    jurisdictionId: 'eu',
    bucketName: 'source',
    encryptionKey: key,
  });
  const replication = new InJurisdictionReplication(stack, 'Replication', {
    naming: { appName: 'steward', jurisdictionId: 'eu' },
    jurisdiction: RESOLVED_DEFAULT_CONFIG.jurisdictions[0],
  });
  replication.replicate(bucket, key);
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o)
        return (
          ({ 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION } as Record<string, string>)[o.Ref as string] ??
          `ref-${String(o.Ref)}`
        );
      if ('Fn::GetAtt' in o) return `arn:aws:s3:::${(o['Fn::GetAtt'] as string[])[0]}`;
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(resolve).join(sep);
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return resolve(stack.resolve((replication.policy.node.defaultChild as unknown as { policyDocument: unknown }).policyDocument));
}

interface Analysis {
  identityAnalysis: { result: string };
  resourceAnalysis: {
    unmatchedStatements: Array<{ explain: { identifier: string; conditions?: Array<{ conditionKeyValue: string; matches: boolean }> } }>;
  };
}

/**
 * What IAM decides when S3 replication decrypts an opt-in object for the role: the role's policy,
 * and the tenant key policy. The simulator does not evaluate `kms:EncryptionContext:<key>` (it
 * ignores such context keys), so the key policy's tenant-context condition is checked apart.
 */
async function decryptAsReplication(policy: unknown, context: Record<string, string>): Promise<Analysis> {
  const result = await runSimulation({
    identityPolicies: [{ name: 'replication', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: JSON.parse(tenantKeyPolicy({
      tenantId: 'acme', partition: 'aws', accountId: ACCOUNT, region: REGION,
      platformRoleArnPattern: `arn:aws:iam::${ACCOUNT}:role/steward-eu-*`,
      keyAdministratorArn: `arn:aws:iam::${ACCOUNT}:role/steward-eu-tenant-lifecycle-OnboardingRole`,
    })),
    request: {
      principal: ROLE_ARN,
      action: 'kms:Decrypt',
      resource: { resource: TENANT_KEY_ARN, accountId: ACCOUNT },
      contextVariables: {
        'aws:PrincipalArn': ROLE_ARN,
        'aws:PrincipalAccount': ACCOUNT,
        'kms:ViaService': `s3.${REGION}.amazonaws.com`,
        'kms:EncryptionContext:tenantId': 'acme',
        [`aws:ResourceTag/${TAG.purpose}`]: 'tenant-data-key',
        ...context,
      },
    },
  } as never, {});
  return (result as unknown as { result: { analysis: Analysis } }).result.analysis;
}

describe('replication of objects under tenant keys (opt-in data)', () => {
  test('the replication role may decrypt an object written under a tenant key, through S3 of the source region', async () => {
    const analysis = await decryptAsReplication(replicationPolicy(), {});
    expect(analysis.identityAnalysis.result).toBe('Allowed');
    // The tenant key policy's use statement matches the role (name pattern, S3 of the region); its
    // only condition the simulator leaves unmatched is the tenant context it cannot evaluate.
    const use = analysis.resourceAnalysis.unmatchedStatements.find(
      (s) => s.explain.identifier === 'UseForThisTenantByPlatformRolesThroughS3',
    )!;
    expect(use.explain.conditions!.filter((c) => !c.matches).map((c) => c.conditionKeyValue)).toEqual(['kms:EncryptionContext:tenantId']);
  });

  test('but not a key that is not a tenant key, nor through another service', async () => {
    const policy = replicationPolicy();
    expect((await decryptAsReplication(policy, { [`aws:ResourceTag/${TAG.purpose}`]: 'something-else' })).identityAnalysis.result).not.toBe(
      'Allowed',
    );
    expect(
      (await decryptAsReplication(policy, { 'kms:ViaService': 'dynamodb.eu-central-1.amazonaws.com' })).identityAnalysis.result,
    ).not.toBe('Allowed');
  });
});
