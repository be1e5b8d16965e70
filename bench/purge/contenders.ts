import { join } from 'node:path';
import { PutBucketTaggingCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { silentLogger } from '../../lambda/shared/logger';
import { purgeRanges } from '../../lambda/shared/purge-pipeline';
import type { PurgeBucketState } from '../../lambda/tenant-termination/contract';
import { planPurge } from '../../lambda/tenant-termination/plan-purge';
import { purgeBucketStep } from '../../lambda/tenant-termination/purge-bucket';
import { plainSealer } from '../../test/support/plain-sealer';
import { splitRange } from '../../lambda/shared/version-ranges';
import { previousPurgePrefix } from '../previous-purge';
import { TENANT } from './scenarios';

/** One way of deleting every version of a tenant; it throws when it fails. */
export interface Contender {
  readonly name: string;
  run(s3: S3Client, bucket: string, prefix: string): Promise<void>;
}

const CDK_HANDLER = join(
  __dirname,
  '..',
  '..',
  'node_modules',
  'aws-cdk-lib',
  'custom-resource-handlers',
  'dist',
  'aws-s3',
  'auto-delete-objects-handler',
  'index.js',
);

/** aws-cdk-lib's auto-delete-objects handler, loaded from node_modules, pointed at the model by the environment. */
export function cdkAutoDelete(endpoint: string, region: string): Contender {
  process.env.AWS_ENDPOINT_URL_S3 = endpoint;
  process.env.AWS_REGION = region;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const cdk = require(CDK_HANDLER) as { autoDeleteHandler(event: unknown): Promise<unknown> };
  return {
    name: 'aws-cdk-lib auto-delete-objects',
    run: async (s3, bucket) => {
      await s3.send(
        new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }] } }),
      );
      const log = console.log;
      console.log = () => undefined;
      try {
        await cdk.autoDeleteHandler({ RequestType: 'Delete', ResourceProperties: { BucketName: bucket } });
      } finally {
        console.log = log;
      }
    },
  };
}

/**
 * The windowed core this issue replaces (bench/previous-purge.ts), at its default concurrency of 4.
 * It was written around a loop of 6 tries of each single-attempt S3 call; the shared helpers it
 * calls now leave retries to the client, so it gets a client of its own that tries 6 times (the
 * SDK's standard strategy), as it did, instead of the bench's single-attempt one.
 */
export function previousCore(clientConfig: S3ClientConfig): Contender {
  const own = new S3Client({ ...clientConfig, maxAttempts: 6, retryMode: 'standard' });
  return {
    name: 'previous core (windowed, 4)',
    run: async (_s3, bucket, prefix) => {
      const r = await previousPurgePrefix(own, { bucket, prefix, concurrency: 4 });
      if (!r.done) throw new Error('previous core stopped before the end');
    },
  };
}

/** The pipelined, paced core with parallel listers over sub-prefix ranges, as one purge slice runs it. */
export function pipelinedCore(listers: number): Contender {
  return {
    name: `pipelined core (${listers} listers)`,
    run: async (s3, bucket, prefix) => {
      const { ranges, firstPage } = await splitRange(s3, { prefix }, { bucket, parts: listers });
      const r = await purgeRanges(s3, { bucket, ranges: ranges.map((x) => ({ ...x, done: false })), listers, firstPage });
      if (!r.done) throw new Error('pipelined core stopped before the end');
    },
  };
}

/**
 * The termination's fan-out as the workflow runs it: PlanPurge cuts the bucket copy into up to
 * `shards` shards, and up to `children` child executions at once loop PurgeBucket slices of
 * `slicePages` pages, each slice with its own pacer that starts where the slice before it left
 * off (the first at the copy's partition rate shared by the shards that run together). All of it
 * runs in this one process, so with split partitions the client's one CPU, not S3, is the limit.
 */
export function terminationFanOut(shards: number, children: number, slicePages: number): Contender {
  return {
    name: `fan-out (${children} children, ${slicePages}-page slices)`,
    run: async (s3, bucket) => {
      const target = { bucket, region: 'eu-central-1', dataClass: 'device-logs' };
      const catalog = { buckets: [target], tables: [], userPools: [] };
      const deps = { s3: () => s3, catalog, sealer: plainSealer };
      const plan = await planPurge(
        { ...deps, shardsPerBucket: shards, purgeConcurrency: children },
        { tenantId: TENANT, dryRun: false, buckets: [target] },
      );
      const items = [...plan.shards];
      const child = async () => {
        for (let item = items.shift(); item; item = items.shift()) {
          let state: PurgeBucketState | undefined;
          do state = await purgeBucketStep({ ...deps, maxPages: slicePages, listers: 4, log: silentLogger }, state ?? item);
          while (!state.done);
        }
      };
      await Promise.all(Array.from({ length: children }, child));
    },
  };
}
