import { listTenantObjectPage, listTenantObjects } from '../../../lambda/shared/tenant-listing';
import { s3WithDocumentedResponses } from '../../support/s3-documented-responses';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const CR_KEY = 'tenants/acme/site 1+2%/line\rbreak.json';
const CR_KEY_ENCODED = 'tenants%2Facme%2Fsite+1%2B2%25%2Fline%0Dbreak.json';

/** S3 (ListObjectsV2) as documented: raw keys in XML unless encoding-type=url is asked for. */
function bucketHolding(pages: { raw: string; encoded: string }[][]) {
  return s3WithDocumentedResponses((req) => {
    const url = req.query['encoding-type'] === 'url';
    const after = typeof req.query['start-after'] === 'string' ? req.query['start-after'] : '';
    const index = pages.findIndex((_page, i) => i > 0 && pages[i - 1].at(-1)?.raw === after);
    const page = pages[index < 0 ? 0 : index];
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult ${NS}><Name>b</Name>${url ? '<EncodingType>url</EncodingType>' : ''}`
        + `<IsTruncated>${page !== pages.at(-1)}</IsTruncated>`
        + page.map((k) => `<Contents><Key>${url ? k.encoded : k.raw}</Key><Size>3</Size></Contents>`).join('')
        + '</ListBucketResult>',
    };
  });
}

describe('tenant object listings (ListObjectsV2, encoding-type=url)', () => {
  test('a key with a carriage return, a plus and a percent sign comes back as stored, so export reads that object', async () => {
    const { s3, seen } = bucketHolding([[{ raw: CR_KEY, encoded: CR_KEY_ENCODED }]]);
    const page = await listTenantObjectPage(s3, 'b', 'acme');
    expect(page.objects.map((o) => o.key)).toEqual([CR_KEY]);
    expect(seen[0].query['encoding-type']).toBe('url');
    expect(seen[0].query['start-after']).toBe('tenants/acme/');
  });

  test('pages resume after the decoded last key, so no object is listed twice or skipped', async () => {
    const { s3, seen } = bucketHolding([
      [{ raw: 'tenants/acme/a', encoded: 'tenants%2Facme%2Fa' }, { raw: CR_KEY, encoded: CR_KEY_ENCODED }],
      [{ raw: 'tenants/acme/z', encoded: 'tenants%2Facme%2Fz' }],
    ]);
    const keys: string[] = [];
    for await (const o of listTenantObjects(s3, 'b', 'acme')) keys.push(o.key);
    expect(keys).toEqual(['tenants/acme/a', CR_KEY, 'tenants/acme/z']);
    expect(seen[1].query['start-after']).toBe(CR_KEY);
  });

  test('a foreign key stops the listing and is named only by its hash', async () => {
    const { s3 } = bucketHolding([[{ raw: 'tenants/acme2/jane@example.com', encoded: 'tenants%2Facme2%2Fjane%40example.com' }]]);
    const err = await listTenantObjectPage(s3, 'b', 'acme').catch((e: Error) => e);
    expect(String(err)).toMatch(/foreign key/);
    expect(String(err)).not.toContain('jane');
  });
});
