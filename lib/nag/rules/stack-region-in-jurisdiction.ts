import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import type { StewardRule } from '../rule-support';
import { METADATA } from '../../vocabulary';

/** Every resource sits in a stack whose region is one of its jurisdiction's regions. */
export const stackRegionInJurisdiction: StewardRule = {
  id: 'P-RESIDENCY-StackRegionInJurisdiction',
  promise: 'P-RESIDENCY',
  scope: {
    judges: 'Every resource: the stack region against the stack\'s jurisdiction stamp.',
    cannot: 'Resources that a handler creates in another region at run time (the jurisdiction boundary denies those).',
  },
  info: 'P-RESIDENCY: the stack has no jurisdiction stamp, no concrete region, or a region outside its jurisdiction.',
  explanation:
    'Customer data stays in the tenant\'s jurisdiction. buildStewardApp stamps each stack with its jurisdiction ' +
    `(metadata ${METADATA.jurisdiction}); the stack region must be concrete and one of the stamped regions.`,
  check: (node: CfnResource) => {
    const stamp = jurisdictionStampOf(node);
    const region = Stack.of(node).region;
    if (!stamp || Token.isUnresolved(region)) return NagRuleCompliance.NON_COMPLIANT;
    return stamp.regions.includes(region) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
