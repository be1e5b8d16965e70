import {
  type DeleteObjectsCommandInput,
  type DeleteObjectsCommandOutput,
  type GetObjectRetentionCommandInput,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * moto answers GetObjectRetention (`GET ?retention`) with the object's body, so the SDK cannot
 * parse it; its HeadObject does carry the lock headers S3 documents
 * (`x-amz-object-lock-mode`, `x-amz-object-lock-retain-until-date`). This answers
 * GetObjectRetention from HeadObject the way S3 answers it: the retention, or
 * NoSuchObjectLockConfiguration when there is none. Only that one call is rewritten.
 */
export function answerRetentionFromHead(s3: S3Client): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'GetObjectRetentionCommand') return next(args);
      const input = args.input as GetObjectRetentionCommandInput;
      const head = await s3.send(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key, VersionId: input.VersionId }));
      if (!head.ObjectLockMode) {
        throw Object.assign(new Error('The specified object does not have a ObjectLock configuration'), {
          name: 'NoSuchObjectLockConfiguration', $metadata: { httpStatusCode: 404 },
        });
      }
      return {
        output: { Retention: { Mode: head.ObjectLockMode, RetainUntilDate: head.ObjectLockRetainUntilDate }, $metadata: {} },
        response: {},
      };
    },
    { step: 'initialize', name: 'answerRetentionFromHead' },
  );
}

/**
 * A bucket policy that denies `s3:DeleteObjectVersion` on some keys, as S3 enforces it in a
 * DeleteObjects request (moto enforces no policy): the refused keys are taken out of the request
 * and come back as per-key `AccessDenied` errors with their version ids, which is S3's documented
 * answer; the others are deleted by the server.
 */
export function refuseDeletes(s3: S3Client, refused: (key: string) => boolean, active: () => boolean = () => true): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DeleteObjectsCommand' || !active()) return next(args);
      const input = args.input as DeleteObjectsCommandInput;
      const objects = input.Delete?.Objects ?? [];
      const denied = objects.filter((o) => refused(o.Key ?? ''));
      const allowed = objects.filter((o) => !refused(o.Key ?? ''));
      const result = allowed.length > 0
        ? await next({ ...args, input: { ...input, Delete: { ...input.Delete, Objects: allowed } } })
        : { output: { $metadata: {} } as DeleteObjectsCommandOutput, response: {} };
      const output = result.output as DeleteObjectsCommandOutput;
      return {
        ...result,
        output: {
          ...output,
          Errors: [
            ...(output.Errors ?? []),
            ...denied.map((o) => ({ Key: o.Key, VersionId: o.VersionId, Code: 'AccessDenied', Message: 'Access Denied' })),
          ],
        },
      };
    },
    { step: 'initialize', name: 'refuseDeletesByPolicy' },
  );
}
