/**
 * The implementation before the checkpointed workflows, kept unchanged so the bench can measure
 * it beside the current one in the same run (npm run bench). Not deployed.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** S3's smallest part (except the last) is 5 MiB; 8 MiB keeps requests few and memory bounded. */
export const PART_BYTES = 8 * 1024 * 1024;
/** S3 allows at most 10,000 parts in one upload. */
const MAX_PARTS = 10_000;

export interface JsonLinesUploadParams {
  readonly bucket: string;
  readonly key: string;
  /** KMS key the archive is encrypted with. */
  readonly kmsKeyArn: string;
  /**
   * Encryption context to bind the archive to (e.g. `{ tenantId }` for a tenant key).
   * @default none: the bucket key of the exports bucket is used
   */
  readonly encryptionContext?: Record<string, string>;
  /** @default PART_BYTES */
  readonly partBytes?: number;
}

/**
 * Writes a JSON-lines archive as a multipart upload, one part at a time, so memory stays at one
 * part whatever the tenant's size. `abort()` removes every uploaded part after a failure.
 */
export class JsonLinesUpload {
  private uploadId?: string;
  private readonly parts: { PartNumber: number; ETag?: string }[] = [];
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private lines = 0;

  constructor(
    private readonly s3: S3Client,
    private readonly params: JsonLinesUploadParams,
  ) {}

  async start(): Promise<void> {
    const context = this.params.encryptionContext;
    const out = await this.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: this.params.bucket,
        Key: this.params.key,
        ContentType: 'application/x-ndjson',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.params.kmsKeyArn,
        SSEKMSEncryptionContext: context ? Buffer.from(JSON.stringify(context)).toString('base64') : undefined,
        // A bucket key would replace the tenant's encryption context with the bucket's.
        BucketKeyEnabled: context ? false : undefined,
      }),
    );
    if (!out.UploadId) throw new Error(`S3 returned no upload id for ${this.params.key}`);
    this.uploadId = out.UploadId;
  }

  /** Appends one record as a line; uploads a part whenever enough has gathered. */
  async write(record: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    this.lines++;
    if (this.bufferedBytes >= (this.params.partBytes ?? PART_BYTES)) await this.flush();
  }

  /** Uploads what is left and completes the upload; returns the lines written. */
  async complete(): Promise<{ lines: number; parts: number }> {
    await this.flush();
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.params.bucket,
        Key: this.params.key,
        UploadId: this.requireUploadId(),
        MultipartUpload: { Parts: this.parts },
      }),
    );
    return { lines: this.lines, parts: this.parts.length };
  }

  async abort(): Promise<void> {
    if (!this.uploadId) return;
    await this.s3.send(
      new AbortMultipartUploadCommand({ Bucket: this.params.bucket, Key: this.params.key, UploadId: this.uploadId }),
    );
  }

  private async flush(): Promise<void> {
    if (this.bufferedBytes === 0 && this.parts.length > 0) return;
    const PartNumber = this.parts.length + 1;
    if (PartNumber > MAX_PARTS) throw new Error(`archive ${this.params.key} exceeds ${MAX_PARTS} parts`);
    const body = Buffer.concat(this.buffered);
    this.buffered = [];
    this.bufferedBytes = 0;
    const out = await this.s3.send(
      new UploadPartCommand({
        Bucket: this.params.bucket,
        Key: this.params.key,
        UploadId: this.requireUploadId(),
        PartNumber,
        Body: body,
      }),
    );
    this.parts.push({ PartNumber, ETag: out.ETag });
  }

  private requireUploadId(): string {
    if (!this.uploadId) throw new Error('start() must be called first');
    return this.uploadId;
  }
}

/** Runs `fill` against a started upload, completing it on success and aborting it on any failure. */
export async function writeJsonLines(
  s3: S3Client,
  params: JsonLinesUploadParams,
  fill: (upload: JsonLinesUpload) => Promise<void>,
): Promise<{ lines: number; parts: number }> {
  const upload = new JsonLinesUpload(s3, params);
  await upload.start();
  try {
    await fill(upload);
    return await upload.complete();
  } catch (err) {
    await upload.abort().catch(() => undefined);
    throw err;
  }
}
