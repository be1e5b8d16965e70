import { type CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { jurisdictionStampOf } from '../conventions';
import { resourcesReferencedIn } from '../references';
import { flattened, regionsIn, renderedProperties, type RenderedProps, type StewardRule } from '../rule-support';

/** Environment variables that name a bucket (a name ending in BUCKET or BUCKETS, a value that is not a count). */
const namesBucket = (node: CfnResource, name: string, value: unknown): boolean =>
  /BUCKETS?$/.test(name) && !/^\d+$/.test(flattened(node, value));

/** Firehose destinations inside AWS, whose region the template can show; any other (HTTP endpoint, Splunk, ...) leaves AWS. */
const AWS_DESTINATIONS = new Set([
  'S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
  'ElasticsearchDestinationConfiguration', 'AmazonopensearchserviceDestinationConfiguration',
  'AmazonOpenSearchServerlessDestinationConfiguration', 'IcebergDestinationConfiguration',
]);

/**
 * Where a value sends data is inside the jurisdiction: every region it names is one of the
 * jurisdiction's, and so is the stack of every resource of the app it refers to. `located` is false
 * when it names no region and refers to nothing of the app, so its place cannot be read.
 */
function placeOf(node: CfnResource, value: unknown, regions: readonly string[]): { inside: boolean; located: boolean } {
  const named = regionsIn(flattened(node, value));
  const referenced = resourcesReferencedIn(node, value).map((r) => Stack.of(r).region);
  const all = [...named, ...referenced];
  return { inside: all.every((r) => regions.includes(r)), located: all.length > 0 };
}

/**
 * Every destination the template names stays in the jurisdiction: what a Lambda function's
 * environment points it at (regions, buckets), and where a Firehose stream delivers.
 */
export const destinationsInJurisdiction: StewardRule = {
  id: 'P-RESIDENCY-DestinationsInJurisdiction',
  promise: 'P-RESIDENCY',
  scope: {
    judges:
      'Lambda environment variables (every region named, every resource of the app referred to; a variable ending in BUCKET(S) ' +
      'must show its region) and every Firehose destination configuration (regions named and resources referred to; a ' +
      'destination showing neither fails, and so does any destination outside AWS: HTTP endpoint, Splunk, Snowflake, ...).',
    cannot:
      'Destinations a function\'s code builds at run time (the permissions boundary denies other regions), and SNS ' +
      'subscriptions or event targets outside the template.',
  },
  info:
    'P-RESIDENCY: a function or delivery stream sends data to a region outside the jurisdiction, or to a destination ' +
    'whose region cannot be read.',
  explanation:
    'Customer data does not leave the jurisdiction. Every region a Lambda environment variable or a Firehose destination ' +
    'names, and the region of every resource of the app they refer to, must be one of the stamped regions; a variable ' +
    'naming a bucket, and a Firehose destination, must show where it is (steward bucket names end in their region).',
  check: (node: CfnResource) => {
    const regions = jurisdictionStampOf(node)?.regions ?? [];
    const findings: string[] = [];
    if (node.cfnResourceType === 'AWS::Lambda::Function') {
      const variables = ((renderedProperties(node).Environment as RenderedProps | undefined)?.Variables ?? {}) as RenderedProps;
      for (const [name, value] of Object.entries(variables)) {
        const place = placeOf(node, value, regions);
        if (!place.inside || (namesBucket(node, name, value) && !place.located)) findings.push(`env:${name}`);
      }
    } else if (node.cfnResourceType === 'AWS::KinesisFirehose::DeliveryStream') {
      for (const [key, value] of Object.entries(renderedProperties(node))) {
        if (!key.endsWith('DestinationConfiguration') || value === undefined) continue;
        const place = placeOf(node, value, regions);
        if (!AWS_DESTINATIONS.has(key) || !place.inside || !place.located) findings.push(`destination:${key}`);
      }
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
