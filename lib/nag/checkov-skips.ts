import { CfnResource, type IAspect, TagManager } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type { IConstruct } from 'constructs';
import { SUPPRESSION_REASON, type SuppressionReasonKey } from './suppression-reasons';
import { TAG } from '../vocabulary';

/**
 * checkov checks that restate a cdk-nag rule (keyed by the rule id without its pack prefix): a
 * resource whose cdk-nag finding is suppressed gets the same decision, with the same reason, as a
 * checkov skip, so one list of reasons (lib/nag/suppression-reasons.ts) explains both scanners.
 */
const CHECKOV_EQUIVALENTS: Readonly<Record<string, readonly string[]>> = {
  LambdaInsideVPC: ['CKV_AWS_117'],
  ELBLoggingEnabled: ['CKV_AWS_91'],
  S3BucketVersioningEnabled: ['CKV_AWS_21'],
  'AwsSolutions-EC23': ['CKV_AWS_260'],
  IAMPolicyNoStatementsWithAdminAccess: ['CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_111'],
};

/** Type of the custom-resource provider that looks up the gateway endpoints' prefix lists (managed-prefix-lists.ts), part of its id. */
export const PREFIX_LIST_PROVIDER = 'Custom::StewardManagedPrefixLists';

/** Construct id of the VPC handlers' network-interface policy (handler-function.ts). */
export const NETWORK_INTERFACES_POLICY = 'NetworkInterfacesPolicy';

/** Construct id of the custom-resource provider aws-cdk-lib adds for `restrictDefaultSecurityGroup`. */
export const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/** checkov checks with no cdk-nag twin, decided per kind of resource. */
function ownSkips(node: CfnResource): [string, SuppressionReasonKey][] {
  const skips: [string, SuppressionReasonKey][] = [];
  if (node.cfnResourceType === 'AWS::Lambda::Function') {
    skips.push(['CKV_AWS_173', 'environmentHoldsNoSecrets']);
    if (node.node.path.includes(RESTRICT_DEFAULT_SG_PROVIDER)) {
      skips.push(
        ['CKV_AWS_115', 'cdkProviderRunsOnDeploy'],
        ['CKV_AWS_116', 'cdkProviderRunsOnDeploy'],
        ['CKV_AWS_117', 'cdkProviderRunsOnDeploy'],
      );
    }
    if (node.node.path.includes(PREFIX_LIST_PROVIDER)) {
      skips.push(
        ['CKV_AWS_115', 'prefixListLookupRunsOnDeploy'],
        ['CKV_AWS_116', 'prefixListLookupRunsOnDeploy'],
        ['CKV_AWS_117', 'prefixListLookupRunsOnDeploy'],
      );
    }
  }
  // The network-interface rights of VPC handlers (HandlerFunction): write actions Lambda needs on Resource "*".
  const networkInterfaces = `/HandlerSupport/${NETWORK_INTERFACES_POLICY}/Resource`;
  if (node.cfnResourceType === 'AWS::IAM::ManagedPolicy' && node.node.path.endsWith(networkInterfaces)) {
    skips.push(['CKV_AWS_111', 'lambdaNetworkInterfaces']);
  }
  if (node.cfnResourceType === 'AWS::S3::Bucket' && TagManager.isTaggable(node) &&
    node.tags.tagValues()[TAG.dataClass] === 'storage-access-logs') {
    skips.push(['CKV_AWS_18', 'accessLogSinkCannotLogItself']);
  }
  if (node instanceof cloudtrail.CfnTrail && node.isMultiRegionTrail === false) {
    skips.push(['CKV_AWS_67', 'trailStaysInItsRegion']);
  }
  return skips;
}

interface CheckovSkip {
  readonly id: string;
  readonly comment: string;
}

/**
 * Writes checkov skips into each resource's `Metadata.checkov.skip`, every one with its reason
 * taken from SUPPRESSION_REASON. Added to the app by `buildStewardApp`; runs after tagging.
 */
export class CheckovSkips implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const skips = new Map<string, string>();
    const nag =
      (node.getMetadata('cdk_nag') as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)?.rules_to_suppress ?? [];
    for (const s of nag) {
      const rule = /^(NIST\.800\.53\.R5|HIPAA\.Security|PCI\.DSS\.321)-/.test(s.id) ? s.id.replace(/^[^-]+-/, '') : s.id;
      for (const id of CHECKOV_EQUIVALENTS[rule] ?? []) if (!skips.has(id)) skips.set(id, s.reason);
    }
    for (const [id, reason] of ownSkips(node)) if (!skips.has(id)) skips.set(id, SUPPRESSION_REASON[reason]);
    if (skips.size === 0) return;
    const skip: CheckovSkip[] = [...skips.entries()].map(([id, comment]) => ({ id, comment }));
    node.addMetadata('checkov', { skip });
  }
}
