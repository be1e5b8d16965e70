/**
 * Renders a CloudFormation value built from Fn::Join / Ref / Fn::GetAtt as one readable string,
 * e.g. `arn:${AWS::Partition}:s3:::steward-eu-device-logs-${AWS::AccountId}-eu-west-1`, so tests
 * can assert on names and regions inside intrinsic functions.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flatten).join(',');
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
    if ('Ref' in obj) return `\${${String(obj.Ref)}}`;
    if ('Fn::GetAtt' in obj) return `\${${(obj['Fn::GetAtt'] as string[]).join('.')}}`;
  }
  return JSON.stringify(value);
}
