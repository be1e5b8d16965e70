import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { buildTestApp } from '../support/app';

describe('JurisdictionBoundary', () => {
  const [eu] = buildTestApp(DEFAULT_CONFIG, false);
  const template = Template.fromStack(eu.data);

  test('denies every regional action outside the jurisdiction regions (P-RESIDENCY at run time)', () => {
    const [policy] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([logicalId]) => logicalId.startsWith('JurisdictionBoundaryPolicy'))
      .map(([, resource]) => resource);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'CapOnly', Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Sid: 'DenyOutsideJurisdiction',
        Effect: 'Deny',
        NotAction: expect.arrayContaining(['iam:*', 'sts:*']),
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': DEFAULT_CONFIG.jurisdictions[0].regions } },
      },
    ]);
  });

  test('caps every role of the stack', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^JurisdictionBoundaryPolicy/) });
    }
  });
});
