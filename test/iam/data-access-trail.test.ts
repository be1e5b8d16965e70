import { ACCOUNT, decideFor, type IamModel } from '../support/iam-model';
import { arnOf, defaultAppIamModel } from '../support/iam-app';

/**
 * The data access trail's delivery (P-PURPOSE), judged by an offline IAM evaluator over the
 * synthesized bucket and key policies: CloudTrail may write and encrypt only for this
 * jurisdiction's trail of this account, and nobody in the account but the root may read the logs.
 */
let model: IamModel;
const CLOUDTRAIL = { principal: 'cloudtrail.amazonaws.com' };
const ADMIN = {
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

const STACKS = [
  { stack: 'steward-eu-data', region: 'eu-central-1', trail: 'steward-eu-data-access' },
  { stack: 'steward-eu-replica', region: 'eu-west-1', trail: 'steward-eu-data-access' },
  { stack: 'steward-us-data', region: 'us-east-1', trail: 'steward-us-data-access' },
] as const;

beforeAll(() => {
  model = defaultAppIamModel();
});

const trailArn = (region: string, name: string, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const from = (arn: string, account = ACCOUNT) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': account });
const bucketOf = (stack: string) => arnOf(model, stack, 'DataAccessTrailStoreBucket');
const keyOf = (stack: string) => arnOf(model, stack, 'DataAccessTrailKey');

describe.each(STACKS)('the data access trail of $stack', ({ stack, region, trail }) => {
  const own = () => trailArn(region, trail);

  test('CloudTrail, for this trail, may check the bucket ACL and write log files', async () => {
    expect(await decideFor(model, CLOUDTRAIL, { action: 's3:GetBucketAcl', resource: bucketOf(stack), context: from(own()) }))
      .toBe('Allowed');
    expect(await decideFor(model, CLOUDTRAIL, {
      action: 's3:PutObject', resource: `${bucketOf(stack)}/AWSLogs/${ACCOUNT}/CloudTrail/${region}/2026/12/02/log.json.gz`,
      context: { ...from(own()), 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true' },
    })).toBe('Allowed');
  });

  test('CloudTrail, for this trail, may describe the key and generate data keys for this trail\'s log files', async () => {
    expect(await decideFor(model, CLOUDTRAIL, { action: 'kms:DescribeKey', resource: keyOf(stack), context: from(own()) }))
      .toBe('Allowed');
    expect(await decideFor(model, CLOUDTRAIL, {
      action: 'kms:GenerateDataKey', resource: keyOf(stack),
      context: { ...from(own()), 'kms:EncryptionContext:aws:cloudtrail:arn': own() },
    })).toBe('Allowed');
  });

  test('another account\'s trail of the same name, or another trail of this account, can neither write nor encrypt', async () => {
    const foreign = trailArn(region, trail, '999999999999');
    const sibling = trailArn(region, 'someone-elses-trail');
    for (const [arn, account] of [[foreign, '999999999999'], [sibling, ACCOUNT]] as const) {
      expect(await decideFor(model, CLOUDTRAIL, {
        action: 's3:PutObject', resource: `${bucketOf(stack)}/AWSLogs/${account}/CloudTrail/${region}/log.json.gz`,
        context: { ...from(arn, account), 's3:x-amz-acl': 'bucket-owner-full-control' },
      })).not.toBe('Allowed');
      expect(await decideFor(model, CLOUDTRAIL, { action: 's3:GetBucketAcl', resource: bucketOf(stack), context: from(arn, account) }))
        .not.toBe('Allowed');
      expect(await decideFor(model, CLOUDTRAIL, {
        action: 'kms:GenerateDataKey', resource: keyOf(stack),
        context: { ...from(arn, account), 'kms:EncryptionContext:aws:cloudtrail:arn': arn },
      })).not.toBe('Allowed');
    }
  });

  test('CloudTrail cannot decrypt the log files, and an administrator of the account cannot either; the root can', async () => {
    const context = { 'kms:EncryptionContext:aws:cloudtrail:arn': own() };
    expect(await decideFor(model, CLOUDTRAIL, { action: 'kms:Decrypt', resource: keyOf(stack), context: { ...from(own()), ...context } }))
      .not.toBe('Allowed');
    const admin = { principal: `arn:aws:iam::${ACCOUNT}:role/Admin`, identityPolicies: [ADMIN] };
    for (const action of ['kms:Decrypt', 'kms:ReEncryptFrom']) {
      expect(await decideFor(model, admin, { action, resource: keyOf(stack), context })).toBe('ExplicitlyDenied');
    }
    // The root user is allowed everything in its account; the identity policy stands for that.
    const root = { principal: `arn:aws:iam::${ACCOUNT}:root`, identityPolicies: [ADMIN] };
    expect(await decideFor(model, root, { action: 'kms:Decrypt', resource: keyOf(stack), context })).toBe('Allowed');
  });
});
