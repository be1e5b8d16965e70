import { type CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved, type StewardRule } from '../rule-support';

interface MetadataOptions {
  httpTokens?: string;
}

/** The launch template of the stack an instance names, by name or id, if any. */
function launchTemplateOf(instance: ec2.CfnInstance): ec2.CfnLaunchTemplate | undefined {
  const stack = Stack.of(instance);
  const ref = resolved(instance, instance.launchTemplate) as { launchTemplateName?: unknown; launchTemplateId?: unknown } | undefined;
  if (!ref) return undefined;
  const wanted = [ref.launchTemplateName, ref.launchTemplateId].filter((v) => v !== undefined).map((v) => JSON.stringify(v));
  return stack.node
    .findAll()
    .filter((c): c is ec2.CfnLaunchTemplate => c instanceof ec2.CfnLaunchTemplate)
    .find((t) =>
      [stack.resolve(t.launchTemplateName), stack.resolve(t.ref), stack.resolve(t.attrLaunchTemplateId)]
        .filter((v) => v !== undefined)
        .some((v) => wanted.includes(JSON.stringify(v))),
    );
}

/**
 * Instances require IMDSv2 session tokens, set on the instance itself (MetadataOptions) or on
 * the launch template it names, so a request forged through the host cannot read its credentials.
 */
export const instanceRequiresImdsv2: StewardRule = {
  id: 'P-HARDENED-HOSTS-InstanceRequiresImdsv2',
  promise: 'P-HARDENED-HOSTS',
  scope: {
    judges: 'Every AWS::EC2::Instance: MetadataOptions, or those of the launch template of the same template it names.',
    cannot: 'Instances launched at run time outside CloudFormation, and launch template versions other than the one named.',
  },
  info: 'P-HARDENED-HOSTS: the EC2 instance does not require IMDSv2.',
  explanation:
    'Servers are hardened: every instance must set MetadataOptions.HttpTokens to required, on the instance or, when the ' +
    'instance sets none, on the launch template of the same stack that it names (the instance\'s own setting wins).',
  check: (node: CfnResource) => {
    if (!(node instanceof ec2.CfnInstance)) return NagRuleCompliance.NOT_APPLICABLE;
    const own = resolved(node, node.metadataOptions) as MetadataOptions | undefined;
    // EC2 applies the instance's own setting over its launch template's.
    if (own?.httpTokens !== undefined) return own.httpTokens === 'required' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    const template = launchTemplateOf(node);
    const data = template ? (resolved(template, template.launchTemplateData) as { metadataOptions?: MetadataOptions }) : undefined;
    return data?.metadataOptions?.httpTokens === 'required' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
