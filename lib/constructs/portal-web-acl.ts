import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { OperationalLogGroup } from './operational-log-group';

/** AWS managed rule groups applied in order: common exploits, known bad inputs, known bad source IPs. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

export interface PortalWebAclProps {
  /** The portal load balancer to protect. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Name prefix of the ACL, its metrics and its log group, e.g. `steward-eu-portal`. */
  readonly name: string;
  /** Jurisdiction whose operational-logs retention the WAF log group keeps. */
  readonly jurisdiction: ResolvedJurisdiction;
  /** The region's operational-logs key; WAF logs hold client IPs, so they are encrypted with it. */
  readonly logKey: kms.IKey;
  /**
   * Requests one client IP may send in five minutes before it is blocked (slows password guessing).
   * @default 1000
   */
  readonly requestsPerFiveMinutes?: number;
}

/**
 * A regional web ACL in front of the portal: AWS managed rules for common web attacks, bad
 * inputs and bad source IPs, and a per-IP rate limit; every decision logged to an encrypted log
 * group of bounded retention.
 */
export class PortalWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: PortalWebAclProps) {
    super(scope, id);
    const limit = props.requestsPerFiveMinutes ?? 1000;
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      throw new Error(`requestsPerFiveMinutes: must be a whole number 10..2000000000, got ${limit}`);
    }
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        ...MANAGED_RULE_GROUPS.map((group, i) => ({
          name: group,
          priority: i,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
          visibilityConfig: visibility(`${props.name}-${group}`),
        })),
        {
          name: 'RateLimitPerIp',
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility(`${props.name}-rate-limit`),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
    const logGroupName = `aws-waf-logs-${props.name}`;
    const logs = new OperationalLogGroup(this, 'Logs', {
      jurisdiction: props.jurisdiction,
      encryptionKey: props.logKey,
      logGroupName,
    });
    // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Credentials and session cookies never reach the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    logging.node.addDependency(logs.logGroup);
  }
}
