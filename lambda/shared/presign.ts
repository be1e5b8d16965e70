import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * A presigner for archive downloads. The link carries the function's session credentials, so
 * it stops working when either its own expiry or that session ends, whichever is first.
 */
export function s3Presigner(s3: S3Client): (bucket: string, key: string, seconds: number) => Promise<string> {
  return (bucket, key, seconds) => getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds });
}
