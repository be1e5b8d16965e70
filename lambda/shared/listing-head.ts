import { pipeline, Readable, Transform } from 'node:stream';
import type { ListObjectVersionsCommand } from '@aws-sdk/client-s3';

/** What the head of a ListObjectVersions answer says about the next page, as sent (keys still encoded). */
export interface ListingHead {
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
  /** `url` when the keys are URL-encoded. */
  readonly encodingType?: string;
}

/** S3 writes the markers before the first entry; a head longer than this is not searched further. */
const MAX_HEAD_BYTES = 64 * 1024;
const FIRST_ENTRY = /<(Version|DeleteMarker|CommonPrefixes)>|<\/ListVersionsResult>/;

/**
 * Reads the next-page markers from the head of a listing's XML body, once everything before its
 * first entry has arrived; undefined while it has not, or when the head does not say (no
 * `IsTruncated` before the first entry). S3 sends the markers ahead of the up to 1000 entries, so
 * the next page can be asked for while the SDK still parses this one.
 */
export function parseListingHead(text: string): ListingHead | undefined {
  const entry = FIRST_ENTRY.exec(text);
  if (!entry) return undefined;
  const head = text.slice(0, entry.index);
  const truncated = /<IsTruncated>(true|false)<\/IsTruncated>/.exec(head);
  if (!truncated) return undefined;
  const field = (name: string) => {
    const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(head);
    return m ? unescapeXml(m[1]) : undefined;
  };
  return {
    isTruncated: truncated[1] === 'true',
    nextKeyMarker: field('NextKeyMarker'),
    nextVersionIdMarker: field('NextVersionIdMarker'),
    encodingType: field('EncodingType'),
  };
}

/**
 * Has `onHead` called with the markers of a successful answer to this listing as soon as its head
 * has arrived, before the SDK has read and parsed the body. The answer the SDK returns is the same
 * either way; a head that cannot be read, or that `onHead` throws on, is simply not reported.
 */
export function reportListingHead(command: ListObjectVersionsCommand, onHead: (head: ListingHead) => void): ListObjectVersionsCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as { statusCode?: number; body?: unknown };
      if (response.statusCode === 200 && response.body instanceof Readable) {
        // pipeline, not pipe: a socket error must reach the SDK's reader instead of leaving it waiting.
        response.body = pipeline(response.body, headScanner(onHead), () => undefined);
      }
      return out;
    },
    // Below the SDK's deserializer, so this sees the body as it comes off the socket.
    { step: 'deserialize', priority: 'low', name: 'reportListingHead' },
  );
  return command;
}

function headScanner(onHead: (head: ListingHead) => void): Transform {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let searching = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (searching) {
        chunks.push(chunk);
        bytes += chunk.length;
        const head = parseListingHead(Buffer.concat(chunks).toString('utf8'));
        if (head || bytes >= MAX_HEAD_BYTES) {
          searching = false;
          chunks.length = 0;
          // The head is a hint: what the listener makes of it must not fail the answer the SDK reads.
          if (head) {
            try {
              onHead(head);
            } catch {
              // not reported
            }
          }
        }
      }
      done(null, chunk);
    },
  });
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}
