import { readProtection } from '../../../lambda/shared/object-lock';
import { assertWritableKey, decodeListedKey, hashedKey } from '../../../lambda/shared/s3-keys';
import { abortMultipartUploads, listVersionPage } from '../../../lambda/shared/s3-versions';
import { putTenantObject } from '../../../lambda/shared/tenant-object';
import { s3WithDocumentedResponses } from '../../support/s3-documented-responses';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
/** A key with a carriage return, a space, a plus, a percent sign and a non-ASCII letter. */
const ODD_KEY = 'tenants/acme/site 1+2%/r\u00e9seau\rlog.json';
/** How S3 spells it with encoding-type=url (form encoding: a space is '+'). */
const ODD_KEY_ENCODED = 'tenants/acme/site+1%2B2%25/r%C3%A9seau%0Dlog.json';

describe('URL-encoded listings (S3 ListObjectVersions, encoding-type=url)', () => {
  test('decodes keys and the resume marker exactly as S3 stored them, and asks for the encoding', async () => {
    const { s3, seen } = s3WithDocumentedResponses(() => ({
      body: `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${NS}><Name>b</Name><Prefix>tenants%2Facme%2F</Prefix>`
        + `<KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><NextKeyMarker>${ODD_KEY_ENCODED}</NextKeyMarker>`
        + '<NextVersionIdMarker>v2</NextVersionIdMarker><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>'
        + `<Version><Key>tenants%2Facme%2F</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><Size>0</Size></Version>`
        + `<Version><Key>${ODD_KEY_ENCODED}</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest><Size>3</Size></Version>`
        + '</ListVersionsResult>',
    }));
    const page = await listVersionPage(s3, { bucket: 'b', prefix: 'tenants/acme/', maxKeys: 2 });
    expect(seen[0].query['encoding-type']).toBe('url');
    expect(page.versions.map((v) => v.key)).toEqual(['tenants/acme/', ODD_KEY]);
    expect(page.next?.keyMarker).toBe(ODD_KEY);
  });

  test('without the encoding the same XML loses the carriage return: what the purge would have deleted is another key', async () => {
    // What S3 sends without encoding-type: the raw character in XML, which every XML 1.0 parser turns into a line feed.
    const { s3 } = s3WithDocumentedResponses(() => ({
      body:
        `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ` +
        `${NS}><Name>b</Name><Prefix>tenants/acme/</Prefix><IsTruncated>false</IsTruncated>` +
        `<Version><Key>tenants/acme/a\rb</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest></Version></ListVersionsResult>`,
    }));
    const page = await listVersionPage(s3, { bucket: 'b', prefix: 'tenants/acme/' });
    expect(page.versions[0].key).not.toBe('tenants/acme/a\rb');
  });

  test('decodes upload listings too, so an unfinished upload under an odd key is aborted under its real key', async () => {
    const { s3, seen } = s3WithDocumentedResponses((req) =>
      req.method === 'DELETE'
        ? { status: 204 }
        : {
            body:
              `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult ${NS}><Bucket>b</Bucket><EncodingType>url</EncodingType>` +
              `<IsTruncated>false</IsTruncated><Upload><Key>${ODD_KEY_ENCODED}</Key><UploadId>u1</UploadId></Upload>` +
              '</ListMultipartUploadsResult>',
          },
    );
    await expect(abortMultipartUploads(s3, { bucket: 'b', prefix: 'tenants/acme/' })).resolves.toEqual({ aborted: 1, wouldAbort: 0 });
    expect(seen[0].query['encoding-type']).toBe('url');
    expect(decodeURIComponent(seen[1].path)).toBe(`/b/${ODD_KEY}`);
  });

  test('a key the server did not encode is taken as it came', () => {
    expect(decodeListedKey('tenants/acme/a+b%41', undefined)).toBe('tenants/acme/a+b%41');
    expect(decodeListedKey('tenants/acme/a+b%41', 'url')).toBe('tenants/acme/a bA');
  });
});

describe('writers refuse control characters in keys', () => {
  test.each(['a\rb', 'a\nb', 'a\u0000b', 'a\u007fb'])('refuses %j naming the field, before any call', async (rel) => {
    expect(() => assertWritableKey(rel, 'relativeKey')).toThrow(
      /^relativeKey: holds the control character U\+00[0-7][0-9a-f] at position 1/,
    );
    const { s3, seen } = s3WithDocumentedResponses(() => ({}));
    await expect(
      putTenantObject(s3, {
        bucket: 'b',
        tenantId: 'acme',
        relativeKey: rel,
        tenantKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        body: 'x',
      }),
    ).rejects.toThrow(/^relativeKey: holds the control character/);
    expect(seen).toHaveLength(0);
  });

  test('hashes keys for receipts and errors', () => {
    expect(hashedKey('tenants/acme/x')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('Object Lock state, read with the documented calls', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const legalHold = (status: string) => `<?xml version="1.0" encoding="UTF-8"?><LegalHold ${NS}><Status>${status}</Status></LegalHold>`;
  const retention = (mode: string, until: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Retention ${NS}><Mode>${mode}</Mode><RetainUntilDate>${until}</RetainUntilDate></Retention>`;
  const error = (code: string, status: number) => ({
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`,
  });
  const read = (answers: { hold: () => object; retention: () => object }) => {
    const { s3, seen } = s3WithDocumentedResponses((req) => ('legal-hold' in req.query ? answers.hold() : answers.retention()));
    return { result: readProtection(s3, { bucket: 'b', key: 'tenants/acme/x', versionId: 'v1', now }), seen };
  };

  test('a compliance retention in force is protection, with its end date', async () => {
    const { result, seen } = read({
      hold: () => error('NoSuchObjectLockConfiguration', 404),
      retention: () => ({ body: retention('COMPLIANCE', '2027-01-01T00:00:00Z') }),
    });
    await expect(result).resolves.toEqual({ protected: true, reasons: ['retention-compliance'], retainUntil: '2027-01-01T00:00:00.000Z' });
    expect(seen.every((r) => r.query.versionId === 'v1')).toBe(true);
  });

  test('a legal hold is protection without a date', async () => {
    const { result } = read({ hold: () => ({ body: legalHold('ON') }), retention: () => error('NoSuchObjectLockConfiguration', 404) });
    await expect(result).resolves.toEqual({ protected: true, reasons: ['legal-hold'], retainUntil: undefined });
  });

  test('an expired retention, a released hold or a bucket without Object Lock is no protection', async () => {
    const expired = read({
      hold: () => ({ body: legalHold('OFF') }),
      retention: () => ({ body: retention('GOVERNANCE', '2026-11-30T00:00:00Z') }),
    });
    await expect(expired.result).resolves.toMatchObject({ protected: false });
    const noLock = read({ hold: () => error('InvalidRequest', 400), retention: () => error('InvalidRequest', 400) });
    await expect(noLock.result).resolves.toEqual({ protected: false, detail: 'no legal hold and no retention in force' });
  });

  test('a version whose lock state cannot be read (AccessDenied, as a bucket policy answers) is not protected', async () => {
    const { result } = read({ hold: () => error('AccessDenied', 403), retention: () => error('AccessDenied', 403) });
    await expect(result).resolves.toEqual({
      protected: false,
      detail: 'legal hold unreadable (AccessDenied); retention unreadable (AccessDenied)',
    });
  });
});
