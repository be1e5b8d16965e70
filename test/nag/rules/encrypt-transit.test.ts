import type { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { declareInternetIngress } from '../../../lib/nag/conventions';
import { ruleOutcome } from '../../support/nag';

describe('P-ENCRYPT-TRANSIT-BucketDeniesInsecureTransport', () => {
  const id = 'P-ENCRYPT-TRANSIT-BucketDeniesInsecureTransport';

  test('passes a bucket that enforces TLS', () => {
    expect(ruleOutcome(id, (s) => new s3.Bucket(s, 'B', { enforceSSL: true }))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a bucket without a policy and one whose policy only allows', () => {
    const out = ruleOutcome(id, (s) => {
      new s3.Bucket(s, 'NoPolicy');
      const allowing = new s3.Bucket(s, 'AllowOnly');
      allowing.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['s3:GetObject'],
          resources: [allowing.arnForObjects('*')],
        }),
      );
    });
    expect(out.failures.sort()).toEqual(['RuleTest/AllowOnly/Resource', 'RuleTest/NoPolicy/Resource']);
  });
});

describe('P-ENCRYPT-TRANSIT-ListenerUsesTls', () => {
  const id = 'P-ENCRYPT-TRANSIT-ListenerUsesTls';
  const withAlb = (configure: (alb: elbv2.ApplicationLoadBalancer, cert: acm.ICertificate) => void) => (s: Stack) => {
    const vpc = new ec2.Vpc(s, 'Vpc', { availabilityZones: ['eu-central-1a', 'eu-central-1b'], natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true });
    configure(alb, acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-central-1:111111111111:certificate/abc'));
  };

  test('passes HTTPS with a TLS 1.3 policy and an HTTP listener that only redirects', () => {
    const out = ruleOutcome(
      id,
      withAlb((alb, cert) => {
        alb.addListener('Https', {
          port: 443,
          certificates: [cert],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          defaultAction: elbv2.ListenerAction.fixedResponse(404),
        });
        alb.addRedirect({ sourcePort: 80, targetPort: 443 });
      }),
    );
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails plain HTTP serving content and HTTPS with an old policy', () => {
    const out = ruleOutcome(
      id,
      withAlb((alb, cert) => {
        alb.addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
        alb.addListener('OldTls', {
          port: 443,
          open: false,
          certificates: [cert],
          sslPolicy: elbv2.SslPolicy.TLS12,
          defaultAction: elbv2.ListenerAction.fixedResponse(404),
        });
      }),
    );
    expect(out.failures.sort()).toEqual(['RuleTest/Alb/Http/Resource', 'RuleTest/Alb/OldTls/Resource']);
  });

  test('passes a TCP listener only on a port declared as carrying SSH', () => {
    const nlbWithTcp = (declare: boolean) => (s: Stack) => {
      if (declare) declareInternetIngress(s, [{ port: 2200, protocol: 'tcp', carries: 'ssh', purpose: 'device SSH' }]);
      new elbv2.CfnListener(s, 'DeviceSsh', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:111111111111:loadbalancer/net/x/1',
        port: 2200,
        protocol: 'TCP',
        defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:eu-central-1:111111111111:targetgroup/t/1' }],
      });
    };
    expect(ruleOutcome(id, nlbWithTcp(true))).toEqual({ failures: [], compliant: 1 });
    expect(ruleOutcome(id, nlbWithTcp(false)).failures).toEqual(['RuleTest/DeviceSsh']);
  });
});
