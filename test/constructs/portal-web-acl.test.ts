import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PortalWebAcl, type PortalWebAclProps } from '../../lib/constructs/portal-web-acl';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from '../support/app';
import { flatten } from '../support/cfn';

function webAclStack(change: Partial<PortalWebAclProps> = {}) {
  const stack = new Stack(newTestApp(), 'Waf', { env: { region: 'eu-central-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-central-1a', 'eu-central-1b'], natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  new PortalWebAcl(stack, 'PortalWebAcl', {
    loadBalancer,
    name: 'steward-eu-portal',
    jurisdiction: RESOLVED_DEFAULT_CONFIG.jurisdictions[0],
    logKey: new kms.Key(stack, 'LogKey'),
    ...change,
  });
  return Template.fromStack(stack);
}

describe('PortalWebAcl', () => {
  const t = webAclStack();

  test('applies the AWS managed rule groups and a per-IP rate limit in front of the portal', () => {
    const [acl] = Object.values(t.findResources('AWS::WAFv2::WebACL'));
    expect(acl.Properties.Scope).toBe('REGIONAL');
    const rules = acl.Properties.Rules as { Name: string; Statement: Record<string, { Limit?: number }> }[];
    expect(rules.map((r) => r.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'RateLimitPerIp',
    ]);
    expect(rules[3].Statement.RateBasedStatement.Limit).toBe(1000);
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^Alb') } });
  });

  test('logs to an encrypted, bounded aws-waf-logs-* group, without credentials or cookies', () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-steward-eu-portal',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] },
      RetentionInDays: 30,
    });
    const [logging] = Object.values(t.findResources('AWS::WAFv2::LoggingConfiguration'));
    expect(logging.Properties.LogDestinationConfigs.map(flatten)).toEqual([
      'arn:aws:logs:eu-central-1:${AWS::AccountId}:log-group:aws-waf-logs-steward-eu-portal',
    ]);
    expect(logging.DependsOn).toEqual([expect.stringMatching(/^PortalWebAclLogsLogGroup/)]);
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]);
  });

  test('refuses a rate limit WAF does not accept, naming the prop', () => {
    expect(() => webAclStack({ requestsPerFiveMinutes: 5 })).toThrow(/^requestsPerFiveMinutes: /);
  });
});
