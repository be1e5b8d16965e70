import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResourcesOfType, referencedResource } from '../references';
import { renderedProperties, resolved, type RenderedProps, type StewardRule } from '../rule-support';

const requiresTokens = (metadataOptions: RenderedProps | undefined): boolean => metadataOptions?.HttpTokens === 'required';

/** The launch template a launch-template specification names (by id reference or by name), if it is in the app. */
function launchTemplateOf(from: CfnResource, spec: RenderedProps | undefined): CfnResource | undefined {
  if (!spec) return undefined;
  const byId = referencedResource(from, spec.LaunchTemplateId);
  if (byId) return byId;
  const byName = referencedResource(from, spec.LaunchTemplateName);
  if (byName) return byName;
  const name = JSON.stringify(resolved(from, spec.LaunchTemplateName));
  return appResourcesOfType(from, 'AWS::EC2::LaunchTemplate')
    .find((t) => name !== undefined && JSON.stringify(renderedProperties(t).LaunchTemplateName) === name);
}

const templateRequiresTokens = (t: CfnResource | undefined): boolean =>
  t !== undefined && requiresTokens((renderedProperties(t).LaunchTemplateData as RenderedProps | undefined)?.MetadataOptions);

/**
 * IMDSv2 as EC2 applies it: an instance's own MetadataOptions win over its launch template's; a
 * launch template requires session tokens itself (an Auto Scaling group launches from it as is);
 * an Auto Scaling group launches from such a template, or from a launch configuration that requires them.
 */
export const instanceRequiresImdsv2: StewardRule = {
  id: 'P-HARDENED-HOSTS-InstanceRequiresImdsv2',
  promise: 'P-HARDENED-HOSTS',
  scope: {
    judges:
      'EC2 instances (own MetadataOptions, else those of the launch template of the app they name), every launch ' +
      'template, launch configurations, and Auto Scaling groups (the template or launch configuration they launch from).',
    cannot: 'Instances launched at run time outside CloudFormation, and launch template versions other than the default one.',
  },
  info: 'P-HARDENED-HOSTS: an instance, launch template, launch configuration or Auto Scaling group allows IMDSv1.',
  explanation:
    'Servers are hardened: MetadataOptions.HttpTokens must be required on every launch template and launch configuration; ' +
    'an instance must set it itself or, when it sets none, name such a launch template (EC2 applies the instance\'s own ' +
    'setting over the template\'s); an Auto Scaling group must launch from such a template or launch configuration.',
  check: (node: CfnResource) => {
    const p = (): RenderedProps => renderedProperties(node);
    switch (node.cfnResourceType) {
      case 'AWS::EC2::Instance': {
        const own = p().MetadataOptions as RenderedProps | undefined;
        if (own?.HttpTokens !== undefined) return requiresTokens(own) ? NagRuleCompliance.COMPLIANT : ['instance-metadata-options'];
        return templateRequiresTokens(launchTemplateOf(node, p().LaunchTemplate)) ? NagRuleCompliance.COMPLIANT : ['launch-template'];
      }
      case 'AWS::EC2::LaunchTemplate':
        return templateRequiresTokens(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      case 'AWS::AutoScaling::LaunchConfiguration':
        return requiresTokens(p().MetadataOptions as RenderedProps | undefined)
          ? NagRuleCompliance.COMPLIANT
          : NagRuleCompliance.NON_COMPLIANT;
      case 'AWS::AutoScaling::AutoScalingGroup': {
        const props = p();
        if (props.LaunchConfigurationName !== undefined) {
          const config = referencedResource(node, props.LaunchConfigurationName);
          const options = config ? (renderedProperties(config).MetadataOptions as RenderedProps | undefined) : undefined;
          return requiresTokens(options) ? NagRuleCompliance.COMPLIANT : ['launch-configuration'];
        }
        const spec = props.LaunchTemplate ?? props.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
        return templateRequiresTokens(launchTemplateOf(node, spec)) ? NagRuleCompliance.COMPLIANT : ['launch-template'];
      }
      default:
        return NagRuleCompliance.NOT_APPLICABLE;
    }
  },
};
