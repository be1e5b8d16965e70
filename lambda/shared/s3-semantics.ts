import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Which S3 a client talks to. Real S3 (and the S3 model in test/support/s3-model) lets a listing
 * overlap deletes and resumes a listing after a marker version that has been deleted since. moto
 * does neither (it answers an overlap with HTTP 500 and a resume after a deleted marker with an
 * empty, final page), so on moto the purge runs in a test mode: one request at a time, and the
 * version a listing resumes from kept until the listing has moved past it.
 *
 * The mode is a property of the endpoint, so it travels with the client's configuration: the
 * test helper for moto sets `stewardS3Semantics: 'moto'`; production clients never do.
 */
export type S3Semantics = 'aws' | 'moto';

export const S3_SEMANTICS_CONFIG_KEY = 'stewardS3Semantics';

export function s3SemanticsOf(s3: S3Client): S3Semantics {
  const value = (s3.config as unknown as Record<string, unknown>)[S3_SEMANTICS_CONFIG_KEY];
  return value === 'moto' ? 'moto' : 'aws';
}
