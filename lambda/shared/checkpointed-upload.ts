import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListPartsCommand,
  paginateListObjectsV2,
  type Part,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** S3's smallest part (except the last) is 5 MiB; 8 MiB keeps requests few and memory bounded. */
export const PART_BYTES = 8 * 1024 * 1024;
/** S3 allows at most 10,000 parts in one upload. */
const MAX_PARTS = 10_000;

/** Where an archive goes and how it is encrypted. */
export interface ArchiveTarget {
  readonly bucket: string;
  readonly key: string;
  /** KMS key the archive is encrypted with. */
  readonly kmsKeyArn: string;
  /**
   * Encryption context to bind the archive to (e.g. `{ tenantId }` for a tenant key).
   * @default none: the bucket key of the exports bucket is used
   */
  readonly encryptionContext?: Record<string, string>;
}

/**
 * What a workflow keeps of an unfinished archive between its steps: the upload, the next part
 * number, and where the bytes that did not yet fill a part wait (a small object beside the
 * archive, named by the checkpoint's sequence number so a step retried from an older checkpoint
 * reads the remainder that belongs to it, never a later one).
 */
export interface UploadCheckpoint {
  readonly uploadId: string;
  readonly nextPart: number;
  readonly lines: number;
  readonly sequence: number;
  readonly remainderKey?: string;
}

/**
 * A JSON-lines archive written as one S3 multipart upload across many invocations (the steps of
 * a Step Functions workflow). Memory stays at one part. Parts already uploaded are listed from
 * S3 when the archive completes, so a checkpoint stays a few bytes whatever the archive's size.
 * A step that crashes and is retried from its input re-uploads the same part numbers, which S3
 * replaces; only parts below `nextPart` of the completing checkpoint go into the archive.
 *
 * Not `@aws-sdk/lib-storage`'s `Upload`: it keeps an upload's parts in the memory of one call
 * and cannot take up an upload another invocation started, which is what every step of these
 * workflows does (a step ends before the Lambda timeout, the next one continues the archive).
 */
export class CheckpointedUpload {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private nextPart: number;
  private lines: number;

  private constructor(
    private readonly s3: S3Client,
    private readonly target: ArchiveTarget,
    private readonly checkpoint: UploadCheckpoint,
    private readonly partBytes: number,
  ) {
    this.nextPart = checkpoint.nextPart;
    this.lines = checkpoint.lines;
  }

  /** Starts the multipart upload; nothing is visible at the key until `complete`. */
  static async begin(s3: S3Client, target: ArchiveTarget): Promise<UploadCheckpoint> {
    const context = target.encryptionContext;
    const out = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        ContentType: 'application/x-ndjson',
        ...encryption(target),
        // A bucket key would replace the tenant's encryption context with the bucket's.
        BucketKeyEnabled: context ? false : undefined,
      }),
    );
    if (!out.UploadId) throw new Error(`S3 returned no upload id for ${target.key}`);
    return { uploadId: out.UploadId, nextPart: 1, lines: 0, sequence: 0 };
  }

  /** Continues from a checkpoint: the remainder it names is read back into the buffer. */
  static async resume(
    s3: S3Client,
    target: ArchiveTarget,
    checkpoint: UploadCheckpoint,
    partBytes = PART_BYTES,
  ): Promise<CheckpointedUpload> {
    const upload = new CheckpointedUpload(s3, target, checkpoint, partBytes);
    if (checkpoint.remainderKey) {
      const out = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: checkpoint.remainderKey }));
      const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
      upload.buffered.push(bytes);
      upload.bufferedBytes = bytes.length;
    }
    return upload;
  }

  /** Bytes waiting for a part; a caller may end its step when this is zero. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /** Appends one record as a line; uploads a part whenever enough has gathered. */
  async write(record: unknown): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    this.lines++;
    if (this.bufferedBytes >= this.partBytes) await this.uploadPart();
  }

  /** Ends this step: full parts are uploaded, the rest waits in a remainder object named for the new checkpoint. */
  async suspend(): Promise<UploadCheckpoint> {
    const sequence = this.checkpoint.sequence + 1;
    let remainderKey: string | undefined;
    if (this.bufferedBytes > 0) {
      remainderKey = `${remainderPrefix(this.target.key)}${String(sequence).padStart(6, '0')}`;
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: remainderKey,
          Body: Buffer.concat(this.buffered),
          ...encryption(this.target),
        }),
      );
    }
    return { uploadId: this.checkpoint.uploadId, nextPart: this.nextPart, lines: this.lines, sequence, remainderKey };
  }

  /**
   * Uploads the last part and completes the archive, then removes the remainders. Only now does
   * the archive exist at its key, so a link to it can only ever point at a complete archive.
   */
  async complete(): Promise<{ lines: number; parts: number }> {
    if (this.bufferedBytes > 0 || this.nextPart === 1) await this.uploadPart();
    const parts = await listParts(this.s3, this.target, this.checkpoint.uploadId, this.nextPart);
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.target.bucket,
        Key: this.target.key,
        UploadId: this.checkpoint.uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    await deleteRemainders(this.s3, this.target);
    return { lines: this.lines, parts: parts.length };
  }

  private async uploadPart(): Promise<void> {
    const PartNumber = this.nextPart;
    if (PartNumber > MAX_PARTS) throw new Error(`archive ${this.target.key} exceeds ${MAX_PARTS} parts`);
    const body = Buffer.concat(this.buffered);
    await this.s3.send(
      new UploadPartCommand({
        Bucket: this.target.bucket,
        Key: this.target.key,
        UploadId: this.checkpoint.uploadId,
        PartNumber,
        Body: body,
      }),
    );
    this.buffered = [];
    this.bufferedBytes = 0;
    this.nextPart++;
  }
}

/**
 * Aborts an unfinished archive: its uploaded parts and its remainders go. Called by the
 * workflow's failure path; the bucket's lifecycle rule (AbortIncompleteMultipartUpload after a
 * day) is the backstop when even that cannot run.
 */
export async function abortArchive(s3: S3Client, target: ArchiveTarget, uploadId: string): Promise<void> {
  try {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
  }
  await deleteRemainders(s3, target);
}

function remainderPrefix(key: string): string {
  return `${key}.remainders/`;
}

function encryption(target: ArchiveTarget): { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId: string; SSEKMSEncryptionContext?: string } {
  const context = target.encryptionContext;
  return {
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: target.kmsKeyArn,
    SSEKMSEncryptionContext: context ? Buffer.from(JSON.stringify(context)).toString('base64') : undefined,
  };
}

async function listParts(s3: S3Client, target: ArchiveTarget, uploadId: string, nextPart: number): Promise<Part[]> {
  const parts: Part[] = [];
  let marker: string | undefined;
  // Not paginateListParts: it follows NextPartNumberMarker and ignores IsTruncated. moto answers
  // the last page with a marker and the empty page after it with '0', so that paginator goes
  // round forever; IsTruncated is what says the listing is done.
  do {
    const page = await s3.send(
      new ListPartsCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId, PartNumberMarker: marker }),
    );
    for (const p of page.Parts ?? []) {
      // A crashed step may have uploaded parts past the checkpoint that completes: they are not the archive's.
      if ((p.PartNumber ?? 0) < nextPart) parts.push({ PartNumber: p.PartNumber, ETag: p.ETag });
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  if (parts.length !== nextPart - 1) {
    throw new Error(`archive ${target.key}: S3 lists ${parts.length} of ${nextPart - 1} parts; not completed`);
  }
  return parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
}

/** The exports bucket is unversioned, so deleting a remainder removes it. */
async function deleteRemainders(s3: S3Client, target: ArchiveTarget): Promise<void> {
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: target.bucket, Prefix: remainderPrefix(target.key) })) {
    for (const o of page.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: o.Key }));
  }
}
