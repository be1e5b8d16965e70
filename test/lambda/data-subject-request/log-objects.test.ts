import { versionsLeft } from '../../../lambda/data-subject-request/log-objects';
import { s3WithDocumentedResponses } from '../../support/s3-documented-responses';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
const CR_KEY = 'tenants/acme/line\rbreak.jsonl';

/** S3 as documented: the raw key in XML unless the request asks for encoding-type=url. */
function s3Holding(key: string, encoded: string) {
  return s3WithDocumentedResponses((req) => {
    const url = req.query['encoding-type'] === 'url';
    return {
      body:
        `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${NS}><Name>b</Name>${url ? '<EncodingType>url</EncodingType>' : ''}` +
        `<IsTruncated>false</IsTruncated><Version><Key>${url ? encoded : key}</Key>` +
        '<VersionId>v1</VersionId><IsLatest>false</IsLatest></Version>' +
        '</ListVersionsResult>',
    };
  });
}

describe('versionsLeft, the proof an erase is done', () => {
  test('finds a version left under a key with a carriage return, which a raw XML listing spells differently', async () => {
    const { s3, seen } = s3Holding(CR_KEY, 'tenants%2Facme%2Fline%0Dbreak.jsonl');
    await expect(versionsLeft(s3, 'b', CR_KEY, new Set())).resolves.toEqual(['v1']);
    expect(seen[0].query['encoding-type']).toBe('url');
  });

  test('counts neither the allowed version nor a longer key the prefix also lists', async () => {
    const { s3 } = s3Holding('tenants/acme/a.jsonl.gz', 'tenants%2Facme%2Fa.jsonl.gz');
    await expect(versionsLeft(s3, 'b', 'tenants/acme/a.jsonl', new Set())).resolves.toEqual([]);
    const same = s3Holding('tenants/acme/a.jsonl', 'tenants%2Facme%2Fa.jsonl');
    await expect(versionsLeft(same.s3, 'b', 'tenants/acme/a.jsonl', new Set(['v1']))).resolves.toEqual([]);
  });
});
