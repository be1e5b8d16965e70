'use strict';
// Deploy-time lookup of the AWS-managed prefix lists of the gateway endpoints, so security groups
// can open HTTPS to S3 and DynamoDB without opening it to the internet. Plain CommonJS: it runs as
// an aws-cdk-lib custom-resource provider (no bundling) with the SDK the Lambda runtime provides.

/**
 * The id of each named prefix list: `{ S3: 'com.amazonaws.eu-central-1.s3' }` becomes
 * `{ S3: 'pl-6ea54007' }`. `describe(names)` returns the ManagedPrefixLists page for those names.
 */
async function prefixListIds(names, describe) {
  const wanted = Object.values(names);
  const found = await describe(wanted);
  const byName = new Map(found.map((p) => [p.PrefixListName, p.PrefixListId]));
  const missing = wanted.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new Error(`managed prefix lists not found in this region: ${missing.join(', ')}`);
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, byName.get(name)]));
}

async function handler(event) {
  if (event.RequestType === 'Delete') return {};
  // Required here, not at the top, so the tests load prefixListIds without the SDK installed.
  const { EC2Client, DescribeManagedPrefixListsCommand } = require('@aws-sdk/client-ec2');
  const ec2 = new EC2Client({});
  const describe = async (wanted) => {
    const out = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: wanted }] }));
    return out.PrefixLists ?? [];
  };
  return { Data: await prefixListIds(event.ResourceProperties.Names, describe) };
}

module.exports = { handler, prefixListIds };
