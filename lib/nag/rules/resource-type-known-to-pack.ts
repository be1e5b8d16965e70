import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { KNOWN_RESOURCE_TYPES } from '../resource-types';
import type { StewardRule } from '../rule-support';

/**
 * Closed world: every resource type in a template is one the pack knows, and a type that can
 * hold data is judged by at least one rule, so a new kind of store cannot arrive unjudged.
 */
export const resourceTypeKnownToPack: StewardRule = {
  id: 'P-METADATA-ONLY-ResourceTypeKnownToPack',
  promise: 'P-METADATA-ONLY',
  scope: {
    judges: 'The type of every resource of every template, against lib/nag/resource-types.ts.',
    cannot: 'Whether the rules listed for a data-holding type cover every way it can hold data; each rule states its own scope.',
  },
  info: 'P-METADATA-ONLY: the resource type is unknown to the promise pack, or holds data that no rule judges.',
  explanation:
    'Only declared data is stored, so every store must be judged. Add the type to lib/nag/resource-types.ts; if it can ' +
    'hold data, name the rules that judge it (and write them first).',
  check: (node: CfnResource) => {
    const known = KNOWN_RESOURCE_TYPES[node.cfnResourceType];
    if (!known) return ['unknown-type'];
    if (known.holdsData && (known.judgedBy ?? []).length === 0) return ['unjudged-store'];
    return NagRuleCompliance.COMPLIANT;
  },
};
