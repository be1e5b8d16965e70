import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { type ListingHead, parseListingHead, reportListingHead } from '../../../lambda/shared/listing-head';
import { INSTANT_PROFILE } from '../../support/s3-model/profile';
import { startS3Model } from '../../support/s3-model/server';

const VERSION = '<Version><Key>tenants/acme/a.json</Key><VersionId>v1</VersionId></Version>';

describe('parseListingHead', () => {
  test('reads the markers that come before the first entry, in the order the S3 model writes them', () => {
    const head = '<ListVersionsResult><Name>logs</Name><Prefix>tenants/acme/</Prefix><KeyMarker></KeyMarker>' +
      '<NextKeyMarker>tenants/acme/a+b%2B.json</NextKeyMarker><NextVersionIdMarker>v9</NextVersionIdMarker>' +
      '<MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>';
    expect(parseListingHead(head + VERSION)).toEqual({
      isTruncated: true, nextKeyMarker: 'tenants/acme/a+b%2B.json', nextVersionIdMarker: 'v9', encodingType: 'url',
    });
  });

  test('in the documented order the encoding comes after the entries and is not known from the head', () => {
    const text = '<ListVersionsResult><IsTruncated>true</IsTruncated><KeyMarker/><NextKeyMarker>k</NextKeyMarker>' +
      `<NextVersionIdMarker>v</NextVersionIdMarker>${VERSION}<Name>logs</Name><EncodingType>url</EncodingType></ListVersionsResult>`;
    expect(parseListingHead(text)).toEqual({ isTruncated: true, nextKeyMarker: 'k', nextVersionIdMarker: 'v', encodingType: undefined });
  });

  test('says nothing until the head is complete, or when the head does not say whether more pages follow', () => {
    expect(parseListingHead('<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKe')).toBeUndefined();
    expect(parseListingHead(`<ListVersionsResult><NextKeyMarker>k</NextKeyMarker>${VERSION}<IsTruncated>true</IsTruncated>`))
      .toBeUndefined();
  });

  test('a last page has no markers; an empty one ends at the closing tag; escaped characters are read back', () => {
    expect(parseListingHead('<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>'))
      .toEqual({ isTruncated: false, nextKeyMarker: undefined, nextVersionIdMarker: undefined, encodingType: undefined });
    const escaped = '<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>a&amp;b&lt;&#x1F600;&#65;</NextKeyMarker>';
    expect(parseListingHead(escaped + VERSION)?.nextKeyMarker).toBe('a&b<\u{1F600}A');
  });
});

describe('reportListingHead', () => {
  test('on the S3 model: the head is reported before the SDK has parsed the page, with the markers it parses', async () => {
    const model = await startS3Model({ profile: INSTANT_PROFILE });
    const s3 = new S3Client(model.clientConfig());
    try {
      const b = model.bucket('logs');
      for (let i = 0; i < 30; i++) b.put(`tenants/acme/a b+${String(i).padStart(3, '0')}.json`);
      let head: ListingHead | undefined;
      let reportedBeforeParse = false;
      // Between the head reader and the SDK's parser: the page is held back there a while.
      s3.middlewareStack.add((next) => async (args) => {
        const out = await next(args);
        await new Promise((r) => setTimeout(r, 50));
        reportedBeforeParse = head !== undefined;
        return out;
      }, { step: 'deserialize', priority: 'low', name: 'holdBeforeParse' });
      const command = reportListingHead(
        new ListObjectVersionsCommand({ Bucket: 'logs', Prefix: 'tenants/acme/', MaxKeys: 10, EncodingType: 'url' }),
        (h) => (head = h),
      );
      const page = await s3.send(command);
      expect(reportedBeforeParse).toBe(true);
      expect(head).toEqual({
        isTruncated: true, nextKeyMarker: page.NextKeyMarker, nextVersionIdMarker: page.NextVersionIdMarker, encodingType: 'url',
      });
      expect(page.Versions).toHaveLength(10);
      // A listener that throws on the head (a marker it cannot decode) does not fail the listing.
      const again = reportListingHead(
        new ListObjectVersionsCommand({ Bucket: 'logs', Prefix: 'tenants/acme/', MaxKeys: 10, EncodingType: 'url' }),
        () => decodeURIComponent('%zz'),
      );
      await expect(s3.send(again)).resolves.toMatchObject({ NextKeyMarker: page.NextKeyMarker });
    } finally {
      s3.destroy();
      await model.stop();
    }
  });

  test('a connection cut after the head fails the request instead of leaving the SDK waiting for the rest', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '100000' });
      res.write(`<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker>${VERSION}`);
      setTimeout(() => res.destroy(), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const s3 = new S3Client({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-central-1', forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1,
    });
    try {
      const heads: ListingHead[] = [];
      const command = reportListingHead(new ListObjectVersionsCommand({ Bucket: 'logs', Prefix: 'tenants/acme/' }), (h) => heads.push(h));
      await expect(s3.send(command)).rejects.toThrow();
      expect(heads).toEqual([{ isTruncated: true, nextKeyMarker: 'k', nextVersionIdMarker: undefined, encodingType: undefined }]);
    } finally {
      s3.destroy();
      await new Promise((r) => server.close(r));
    }
  }, 10_000);
});
