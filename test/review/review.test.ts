import type { FrontEndConfig } from '../../lib/config/types';
import { defaultAccess } from '../../lib/config/defaults';
import { promiseLine, renderReview } from '../../scripts/review/render';
import { isEmptyReview, reviewSynths, weakenings } from '../../scripts/review/review';
import type { CfnResourceJson, SynthSnapshot } from '../../scripts/review/snapshot';
import { editableCopy, euOnlyConfig, synthSnapshot } from '../support/snapshot';
import { TAG } from '../../lib/vocabulary';

const access = defaultAccess('eu-central-1');
const withDeviceSshPort = (port: number): FrontEndConfig => ({
  ...access.frontEnd,
  deviceSshPort: port,
  allowedPorts: [80, 443, port, 6514],
});

// Two in-memory synths of a custom config (EU only), read back from their cloud assemblies as the review reads `cdk synth` output.
const base = synthSnapshot(euOnlyConfig({ retentionDays: { 'access-logs': 14, 'storage-access-logs': 30 } }));
const head = synthSnapshot(
  euOnlyConfig({
    retentionDays: { 'access-logs': 30, 'storage-access-logs': 45 },
    access: { ...access, frontEnd: withDeviceSshPort(8022) },
  }),
);

function resourceAt(snapshot: SynthSnapshot, stack: string, pathPart: string, type: string): CfnResourceJson {
  const resources = snapshot.stacks.find((s) => s.name === stack)!.template.Resources!;
  const found = Object.values(resources).find((r) => r.Type === type && String(r.Metadata?.['aws:cdk:path']).includes(pathPart));
  if (!found) throw new Error(`no ${type} under ${stack}/${pathPart}`);
  return found;
}

describe('the review of a custom config change', () => {
  const review = reviewSynths(base, head);
  const lines = review.promises.map(promiseLine);

  test('says each retention change in one line, a longer one as weakening', () => {
    expect(lines.filter((l) => l.includes('retention'))).toEqual([
      '- **weakens** P-RETENTION · eu access-logs retention: 14 days → 30 days',
      '- **weakens** P-RETENTION · eu storage-access-logs retention: 30 days → 45 days',
    ]);
  });

  test('says the newly opened port in one line, as weakening', () => {
    expect(lines.filter((l) => l.includes('ports'))).toEqual([
      '- **weakens** P-MIN-PORTS · eu ports open to the internet: tcp/80, tcp/443, tcp/2222, tcp/6514 → ' +
        'tcp/80, tcp/443, tcp/6514, tcp/8022 (added tcp/8022; removed tcp/2222)',
    ]);
  });

  test('reports nothing else at promise level', () => {
    expect(lines).toHaveLength(3);
  });

  test('shows the security-group change in cloudformation-diff tables, and fails the review', () => {
    const frontEnd = review.security.find((s) => s.stack === 'steward-eu-front-end');
    expect(frontEnd?.securityGroups?.map((r) => r.join(' ')).join('\n')).toMatch(/\+ .* In TCP 8022 Everyone \(IPv4\)/);
    expect(weakenings(review).length).toBeGreaterThanOrEqual(3);
  });

  test('renders every section it has', () => {
    const report = renderReview(review, { base: 'main', head: 'working tree' });
    expect(report).toContain('## Promises');
    expect(report).toContain('## IAM and security groups');
    expect(report).toContain('## Resources added, removed or replaced');
  });
});

describe('the review of an unchanged app', () => {
  // A comment-only change builds the very same app: synthesize the base's config a second time.
  const review = reviewSynths(base, synthSnapshot(euOnlyConfig({ retentionDays: { 'access-logs': 14, 'storage-access-logs': 30 } })));

  test('is empty and weakens nothing', () => {
    expect(review.promises).toEqual([]);
    expect(isEmptyReview(review)).toBe(true);
    expect(weakenings(review)).toEqual([]);
    expect(renderReview(review, { base: 'main', head: 'working tree' })).toContain('No reviewable change');
  });
});

describe('the review of code changes (templates edited the way the change would render them)', () => {
  test('flags a removed replica: the replication rule of the access-log bucket is gone', () => {
    const dropped = editableCopy(base);
    const bucket = resourceAt(dropped, 'steward-eu-data', '/access-logs/', 'AWS::S3::Bucket');
    delete (bucket.Properties as Record<string, unknown>).ReplicationConfiguration;
    const review = reviewSynths(base, dropped);
    expect(review.promises.map(promiseLine)).toEqual([
      '- **weakens** P-RESILIENCE · eu access-logs replica regions: eu-west-1 → none (removed eu-west-1)',
    ]);
    expect(weakenings(review)).toHaveLength(1);
  });

  test('flags a removed table replica', () => {
    const dropped = editableCopy(base);
    const table = resourceAt(dropped, 'steward-eu-data', '/tenant-registry/', 'AWS::DynamoDB::GlobalTable');
    const props = table.Properties as { Replicas: { Region: string }[] };
    props.Replicas = props.Replicas.filter((r) => r.Region === 'eu-central-1');
    const lines = reviewSynths(base, dropped).promises.map(promiseLine);
    expect(lines).toContain('- **weakens** P-RESILIENCE · eu tenant-registry replica regions: eu-west-1 → none (removed eu-west-1)');
  });

  test('flags a longer log retention, 14 to 45 days, on the operational log groups', () => {
    // The inventory caps operational logs at 30 days, so config validation refuses 45: edit the rendered groups instead.
    const withRetention = (days: number) => {
      const copy = editableCopy(base);
      for (const stack of copy.stacks) {
        for (const r of Object.values(stack.template.Resources ?? {})) {
          const tags = (r.Properties?.Tags ?? []) as { Key: string; Value: string }[];
          if (r.Type === 'AWS::Logs::LogGroup' && tags.some((t) => t.Value === 'operational-logs')) r.Properties!.RetentionInDays = days;
        }
      }
      return copy;
    };
    const [before, after] = [withRetention(14), withRetention(45)];
    expect(reviewSynths(before, after).promises.map(promiseLine)).toEqual([
      '- **weakens** P-RETENTION · eu operational-logs retention: 14 days → 45 days',
    ]);
  });

  test('flags a wider IAM grant through cloudformation-diff', () => {
    const wider = editableCopy(base);
    const policy = resourceAt(wider, 'steward-eu-data-rights', 'EarlyLogPurge', 'AWS::IAM::ManagedPolicy');
    const doc = policy.Properties!.PolicyDocument as { Statement: unknown[] };
    doc.Statement.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const review = reviewSynths(base, wider);
    const dataRights = review.security.find((s) => s.stack === 'steward-eu-data-rights');
    expect(dataRights?.permissionsBroadened).toBe(true);
    expect(dataRights?.iamStatements?.some((row) => row[0] === '+' && row.includes('s3:GetObject') && row.includes('*'))).toBe(true);
    expect(weakenings(review)).toEqual(['IAM permissions broadened in steward-eu-data-rights']);
  });

  test('flags MFA turned from required to optional, and key rotation turned off', () => {
    const before = editableCopy(base);
    resourceAt(before, 'steward-eu-portal-users', 'UserPool', 'AWS::Cognito::UserPool').Properties!.MfaConfiguration = 'ON';
    const after = editableCopy(base);
    resourceAt(after, 'steward-eu-data', '/access-logs-key/', 'AWS::KMS::Key').Properties!.EnableKeyRotation = false;
    const lines = reviewSynths(before, after).promises.map(promiseLine);
    expect(lines).toContain('- **weakens** P-PORTAL-MFA · eu UserPool MFA: required → optional');
    expect(lines).toContain('- **weakens** P-ENCRYPT-REST · eu key alias/steward/eu/access-logs rotation: on → off');
  });

  test('flags a store the termination workflow no longer reaches', () => {
    const after = editableCopy(base);
    const bucket = resourceAt(after, 'steward-eu-data', '/device-logs/', 'AWS::S3::Bucket');
    const tags = bucket.Properties!.Tags as { Key: string; Value: string }[];
    bucket.Properties!.Tags = tags.filter((t) => t.Key !== TAG.deletedBy);
    const lines = reviewSynths(base, after).promises.map(promiseLine);
    expect(lines).toEqual([
      '- **weakens** P-DELETE-ON-TERMINATION · eu stores the termination workflow deletes from: ' +
        '18 entries → 17 entries (removed device-logs bucket in eu-central-1)',
      '- **weakens** P-DELETE-ON-TERMINATION · eu tenant-data stores termination does not reach: ' +
        'none → device-logs bucket in eu-central-1 (added device-logs bucket in eu-central-1)',
    ]);
  });

  test('warns about a replaced store and fails the review', () => {
    const after = editableCopy(base);
    const bucket = resourceAt(after, 'steward-eu-data', '/exports/', 'AWS::S3::Bucket');
    bucket.Properties!.BucketName = 'steward-eu-exports-renamed';
    const review = reviewSynths(base, after);
    const replaced = review.resources.filter((r) => r.change === 'replaced' && r.type === 'AWS::S3::Bucket');
    expect(replaced).toEqual([expect.objectContaining({ type: 'AWS::S3::Bucket', warning: expect.stringContaining('store replaced') })]);
    expect(weakenings(review).some((w) => w.includes('store replaced'))).toBe(true);
  });

  test('lists a new suppression with its reason', () => {
    const after = editableCopy(base);
    const records = after.nag as unknown as { outcome: string; detail: string; ruleId: string; path: string }[];
    const finding = records.find((r) => r.outcome === 'compliant' && r.ruleId === 'AwsSolutions-S1')!;
    finding.outcome = 'suppressed';
    finding.detail = 'A reason given in lib/nag/suppression-reasons.ts.';
    const review = reviewSynths(base, after);
    expect(review.suppressions.added).toEqual([
      expect.objectContaining({ rule: 'AwsSolutions-S1', reason: 'A reason given in lib/nag/suppression-reasons.ts.' }),
    ]);
    expect(renderReview(review, { base: 'main', head: 'here' })).toContain('- added `AwsSolutions-S1` (AwsSolutions) on');
  });
});
