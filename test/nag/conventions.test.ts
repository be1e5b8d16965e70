import { Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  declareDeletionCoverage,
  declareInternetIngress,
  declaredInternetIngressOf,
  jurisdictionStampOf,
  stampJurisdiction,
} from '../../lib/nag/conventions';
import { newTestApp } from '../support/app';
import { TAG } from '../../lib/vocabulary';

const stack = () => new Stack(newTestApp(), 'Conventions', { env: { region: 'eu-central-1' } });

describe('conventions the Steward rules read', () => {
  test('a jurisdiction stamp is read back from any construct of the stack, and set only once', () => {
    const s = stack();
    const bucket = new s3.Bucket(s, 'B');
    expect(jurisdictionStampOf(bucket)).toBeUndefined();
    stampJurisdiction(s, { id: 'eu', regions: ['eu-central-1'] });
    expect(jurisdictionStampOf(bucket)).toEqual({ id: 'eu', regions: ['eu-central-1'] });
    expect(() => stampJurisdiction(s, { id: 'us', regions: ['us-east-1'] })).toThrow(
      'stack: Conventions is already stamped with a jurisdiction',
    );
  });

  test('declared internet ports accumulate per stack; port 22 and non-ports are refused', () => {
    const s = stack();
    declareInternetIngress(s, [{ port: 443, protocol: 'tcp', carries: 'https', purpose: 'portal' }]);
    declareInternetIngress(s, [{ port: 6514, protocol: 'tcp', carries: 'tls', purpose: 'syslog' }]);
    expect(declaredInternetIngressOf(new s3.Bucket(s, 'B')).map((p) => p.port)).toEqual([443, 6514]);
    expect(() => declareInternetIngress(s, [{ port: 22, protocol: 'tcp', carries: 'ssh', purpose: 'x' }])).toThrow(/^ports: 22/);
    expect(() => declareInternetIngress(s, [{ port: 70000, protocol: 'tcp', carries: 'tls', purpose: 'x' }])).toThrow(
      'ports: 70000 is not a port number (1..65535)',
    );
  });

  test('deletion coverage is a tag on the store', () => {
    const s = stack();
    const bucket = new s3.Bucket(s, 'B');
    declareDeletionCoverage(bucket);
    Tags.of(bucket).add('other', 'x');
    Template.fromStack(s).hasResourceProperties('AWS::S3::Bucket', {
      Tags: [
        { Key: 'other', Value: 'x' },
        { Key: TAG.deletedBy, Value: 'tenant-termination' },
      ],
    });
  });
});
