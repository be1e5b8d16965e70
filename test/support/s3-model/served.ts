import { S3Client } from '@aws-sdk/client-s3';
import { type S3Model, type S3ModelOptions, startS3Model } from './server';

/** The S3 model a test file runs against, and a client of it. */
export interface ServedS3Model {
  readonly model: S3Model;
  readonly s3: S3Client;
}

/**
 * Starts the S3 model before the file's tests and stops it after them (Jest hooks of the calling
 * file); the returned view reads the model and its client once they are up.
 */
export function serveS3Model(options: S3ModelOptions): ServedS3Model {
  let up: ServedS3Model | undefined;
  beforeAll(async () => {
    const model = await startS3Model(options);
    up = { model, s3: new S3Client(model.clientConfig()) };
  });
  afterAll(async () => {
    up?.s3.destroy();
    await up?.model.stop();
  });
  const ready = (): ServedS3Model => {
    if (!up) throw new Error('the S3 model is served to tests only, once beforeAll has run');
    return up;
  };
  return {
    get model() {
      return ready().model;
    },
    get s3() {
      return ready().s3;
    },
  };
}
