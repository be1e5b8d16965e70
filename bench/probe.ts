import { S3Client, ListObjectVersionsCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { startMoto } from '../test/support/moto';
import { createVersionedBucket, seedTenant } from '../test/support/s3-fixtures';
(async () => {
  const moto = await startMoto();
  const s3 = new S3Client(moto.clientConfig());
  await createVersionedBucket(s3, 'probe');
  let t = Date.now();
  await seedTenant(s3, 'probe', 'tenants/acme/', { keys: 1000, versionsPerKey: 5 });
  console.log('seed', Date.now() - t);
  const pages: any[] = [];
  let km: string | undefined, vm: string | undefined;
  for (let i = 0; i < 6; i++) {
    t = Date.now();
    const p = await s3.send(new ListObjectVersionsCommand({ Bucket: 'probe', Prefix: 'tenants/acme/', KeyMarker: km, VersionIdMarker: km ? vm : undefined, MaxKeys: 1000 }));
    console.log('list', Date.now() - t, p.Versions?.length, p.IsTruncated, p.NextKeyMarker, p.NextVersionIdMarker);
    pages.push(p);
    if (!p.IsTruncated) break;
    km = p.NextKeyMarker; vm = p.NextVersionIdMarker;
  }
  t = Date.now();
  await s3.send(new DeleteObjectsCommand({ Bucket: 'probe', Delete: { Quiet: true, Objects: pages[0].Versions.map((v: any) => ({ Key: v.Key, VersionId: v.VersionId })) } }));
  console.log('delete', Date.now() - t);
  t = Date.now();
  await Promise.all([1, 2].map((i) => s3.send(new DeleteObjectsCommand({ Bucket: 'probe', Delete: { Quiet: true, Objects: pages[i].Versions.map((v: any) => ({ Key: v.Key, VersionId: v.VersionId })) } }))));
  console.log('2 deletes parallel', Date.now() - t);
  t = Date.now();
  await Promise.all([1, 2].map(() => s3.send(new ListObjectVersionsCommand({ Bucket: 'probe', Prefix: 'tenants/acme/', MaxKeys: 1000 }))));
  console.log('2 lists parallel (2000 left)', Date.now() - t);
  t = Date.now();
  await s3.send(new ListObjectVersionsCommand({ Bucket: 'probe', Prefix: 'tenants/acme/', MaxKeys: 1000 }));
  console.log('1 list (2000 left)', Date.now() - t);
  await moto.stop();
})();
