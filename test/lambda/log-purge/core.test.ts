import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { purgeLogs, validatePurgeRequest } from '../../../lambda/log-purge/core';
import { memoryAudit } from '../data-rights/fixtures';

const targets = {
  'access-logs': { primary: 'access-eu-central-1', replica: 'access-eu-west-1' },
  'device-logs': { primary: 'device-eu-central-1', replica: 'device-eu-west-1' },
};

describe('validatePurgeRequest', () => {
  test('accepts known classes and a day range', () => {
    expect(
      validatePurgeRequest({ tenantId: 'acme', classes: ['device-logs', 'device-logs'], from: '2026-11-01', to: '2026-11-02' }, targets),
    ).toEqual({
      tenantId: 'acme',
      classes: ['device-logs'],
      from: '2026-11-01',
      to: '2026-11-02',
    });
  });

  test.each([
    [{ tenantId: 'ACME', classes: ['access-logs'] }, /^tenantId: /],
    [{ tenantId: 'acme' }, /^classes: must list at least one log class of: access-logs, device-logs$/],
    [{ tenantId: 'acme', classes: ['access-logs', 'packet-captures'] }, /^classes\[1\]: unknown log class "packet-captures"/],
    [{ tenantId: 'acme', classes: ['access-logs'], from: '2026-02-30' }, /^from: must be a calendar day/],
    [{ tenantId: 'acme', classes: ['access-logs'], to: 'yesterday' }, /^to: must be a calendar day/],
    [{ tenantId: 'acme', classes: ['access-logs'], from: '2026-11-03', to: '2026-11-02' }, /^to: '2026-11-02' is before from/],
  ])('refuses %j naming the field', (request, message) => {
    expect(() => validatePurgeRequest(request, targets)).toThrow(message);
  });

});

describe('purgeLogs with bad input', () => {
  test('sends no request to S3 and audits nothing', async () => {
    const primary = new S3Client({ region: 'eu-central-1' });
    const replica = new S3Client({ region: 'eu-west-1' });
    const mocks = [mockClient(primary), mockClient(replica)];
    const audit = memoryAudit();
    await expect(purgeLogs({ s3: { primary, replica }, targets, audit }, { tenantId: 'acme', classes: ['incident'] })).rejects.toThrow(
      /^classes\[0\]: /,
    );
    for (const m of mocks) expect(m.calls()).toHaveLength(0);
    expect(audit.records).toEqual([]);
  });
});
