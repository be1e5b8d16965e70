import { nagRecordsFromCsv, nagReportFileOf, parseCsv } from '../../scripts/review/nag-report-csv';

describe('cdk-nag CSV reports', () => {
  test('are named <pack>--<stack>-NagReport.csv, stack names with dashes included', () => {
    expect(nagReportFileOf('NIST.800.53.R5--steward-eu-data-rights-NagReport.csv')).toEqual({
      pack: 'NIST.800.53.R5',
      stack: 'steward-eu-data-rights',
    });
    expect(nagReportFileOf('steward-eu-data.template.json')).toBeUndefined();
  });

  test('parse quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\nx,y,z,w\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['x', 'y', 'z', 'w'],
    ]);
  });

  test('give outcomes, and a granular suppression its finding id', () => {
    const csv = [
      'Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info',
      '"AwsSolutions-IAM5","s/Policy/Resource","Suppressed",' +
        '"[Resource::arn:aws:s3:::b/tenants/*] Tenant ids exist only at run time, so","Error","x"',
      '"AwsSolutions-S1","s/Bucket/Resource","Compliant","N/A","Error","x"',
      '"AwsSolutions-S2","s/Bucket/Resource","Non-Compliant","N/A","Error","x"',
    ].join('\n');
    const records = nagRecordsFromCsv('AwsSolutions', 's', csv);
    expect(records.map((r) => [r.ruleId, r.outcome, r.findingId])).toEqual([
      ['AwsSolutions-IAM5', 'suppressed', 'Resource::arn:aws:s3:::b/tenants/*'],
      ['AwsSolutions-S1', 'compliant', ''],
      ['AwsSolutions-S2', 'non-compliant', ''],
    ]);
    expect(records[0].detail).toBe('[Resource::arn:aws:s3:::b/tenants/*] Tenant ids exist only at run time, so');
  });
});
