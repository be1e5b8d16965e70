import { S3Client } from '@aws-sdk/client-s3';

/** One answer the fake endpoint gives: S3's documented status, headers and XML body. */
export interface DocumentedResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A request as the fake endpoint saw it, after the SDK signed and serialised it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | null>;
}

/**
 * An S3 client whose every request is answered by `answer`, for behaviour no local server has
 * (moto ignores `encoding-type=url` and answers `?retention` with the object body). The real
 * SDK serialises each request and parses each answer, so a test exercises the SDK's handling of
 * the XML S3 documents, not a mock of the SDK's output.
 */
export function s3WithDocumentedResponses(answer: (request: SeenRequest) => DocumentedResponse): { s3: S3Client; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const s3 = new S3Client({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
    endpoint: 'http://s3.test',
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { method: string; path: string; query?: Record<string, string | string[] | null> }) => {
        const seenRequest = { method: request.method, path: request.path, query: request.query ?? {} };
        seen.push(seenRequest);
        const out = answer(seenRequest);
        return {
          response: {
            statusCode: out.status ?? 200,
            headers: { 'content-type': 'application/xml', ...out.headers },
            body: new TextEncoder().encode(out.body ?? ''),
          },
        };
      },
    } as never,
  });
  return { s3, seen };
}
