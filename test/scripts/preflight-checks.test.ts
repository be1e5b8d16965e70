import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { loadConfig } from '../../lib/config/load';
import { validateConfig } from '../../lib/config/validate';
import { configFindings, renderPreflight, retainedNameFindings, retainedNames, unacknowledged } from '../../scripts/preflight-checks';
import { testTempDir } from '../support/temp';

const THREE = loadConfig(join(__dirname, '..', '..', 'config', 'examples', 'three-jurisdictions.json'));

describe('preflight findings from the configuration', () => {
  test('the default app would deploy placeholder certificates and no operators', () => {
    const findings = configFindings(validateConfig(DEFAULT_CONFIG));
    expect(findings.filter((f) => f.kind === 'placeholder-certificate')).toHaveLength(8);
    expect(findings.filter((f) => f.kind === 'no-operators').map((f) => f.where)).toEqual([
      'jurisdictions[0] (eu)',
      'jurisdictions[1] (us)',
    ]);
    // EU and US primaries and replicas are all enabled by default in every account.
    expect(findings.filter((f) => f.kind === 'opt-in-region')).toEqual([]);
  });

  test('the three-jurisdiction example needs Calgary enabled, and bootstrap of each primary and replica region', () => {
    const findings = configFindings(THREE);
    expect(findings.filter((f) => !['opt-in-region', 'bootstrap'].includes(f.kind))).toEqual([]);
    expect(findings.filter((f) => f.kind === 'opt-in-region').map((f) => f.fix)).toEqual([
      expect.stringMatching(/^aws account enable-region --region-name ca-west-1/),
    ]);
    expect(findings.filter((f) => f.kind === 'bootstrap').map((f) => f.fix)).toEqual([
      expect.stringContaining('npx cdk bootstrap aws://111122223333/eu-central-1 aws://111122223333/eu-west-1'),
      expect.stringContaining('npx cdk bootstrap aws://111122223333/us-east-2 aws://111122223333/us-west-2'),
      expect.stringContaining('npx cdk bootstrap aws://111122223333/ca-central-1 aws://111122223333/ca-west-1'),
    ]);
  });

  test('a certificate of another account than the one deployed to is a finding', () => {
    const [eu] = THREE.jurisdictions;
    const other = {
      ...eu,
      access: {
        ...eu.access,
        frontEnd: {
          ...eu.access.frontEnd,
          portalCertificateArn: eu.access.frontEnd.portalCertificateArn.replace('111122223333', '444455556666'),
        },
      },
    };
    expect(configFindings({ ...THREE, jurisdictions: [other] }).filter((f) => f.kind === 'certificate-account')).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/^access\.frontEnd\.portalCertificateArn is in account 444455556666/) }),
    ]);
  });

  test('steps that cannot be checked offline stay findings until acknowledged, and nothing else can be acknowledged', () => {
    const findings = configFindings(THREE);
    expect(unacknowledged(findings, ['--bootstrapped', '--regions-enabled'])).toEqual([]);
    const defaults = configFindings(validateConfig(DEFAULT_CONFIG));
    expect(unacknowledged(defaults, ['--bootstrapped', '--regions-enabled', '--retained-names-free']).length).toBe(10);
    expect(renderPreflight([], 4)).toMatch(/^preflight: nothing found .* \(4 acknowledged steps\)/);
  });
});

describe('retained resources with fixed names', () => {
  test('are found in the templates with their names spelled out', () => {
    const outdir = testTempDir('steward-preflight-');
    writeFileSync(
      join(outdir, 'steward-eu-data.template.json'),
      JSON.stringify({
        Resources: {
          Kept: {
            Type: 'AWS::S3::Bucket',
            DeletionPolicy: 'Retain',
            Properties: { BucketName: { 'Fn::Join': ['-', ['steward-eu-access-logs', { Ref: 'AWS::AccountId' }, 'eu-central-1']] } },
          },
          Unnamed: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: {} },
          Deleted: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Delete', Properties: { TableName: 'gone' } },
          Table: {
            Type: 'AWS::DynamoDB::GlobalTable',
            DeletionPolicy: 'RetainExceptOnCreate',
            Properties: { TableName: 'steward-eu-tenant-registry' },
          },
        },
      }),
    );
    const names = retainedNames(outdir, () => '111122223333');
    expect(names).toEqual([
      { stack: 'steward-eu-data', type: 'AWS::S3::Bucket', name: 'steward-eu-access-logs-111122223333-eu-central-1' },
      { stack: 'steward-eu-data', type: 'AWS::DynamoDB::GlobalTable', name: 'steward-eu-tenant-registry' },
    ]);
    expect(retainedNameFindings(names)[0].problem).toMatch(/retained when its stack is deleted; a new deploy after a teardown fails/);
  });
});
