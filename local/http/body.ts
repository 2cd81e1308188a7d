/**
 * Reading a request body with a hard limit. A body announced larger than the limit (`Content-Length`) is refused
 * before a byte is read; a chunked one is refused as soon as it crosses the limit. Either way the caller answers
 * 413 and the rest is never buffered.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' };

export async function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) return { ok: false, reason: 'too-large' };
  // Events rather than `for await`: leaving an async iterator early destroys the socket, and the client would
  // see a reset connection instead of the 413.
  return new Promise<BodyResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        resolve({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/** How much of a refused body the runtime reads (and drops) so that the client can read the refusal. */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * After a refusal: answer only once the client has sent the rest of its body. A client that is still writing when
 * the connection closes (Node's `fetch`, the AWS SDK's HTTP handler, any slow uploader) sees `EPIPE` or a reset
 * instead of the answer; one that finished sending reads it. So the rest is read and dropped, then `answer` runs
 * and the connection stays usable. Past `maxDiscardBytes` (or when the client announced more than that) the
 * runtime stops reading: `answer` runs at once with `close` set, and the connection closes after it.
 */
export function answerWhenDrained(request: IncomingMessage, answer: (close: boolean) => void, maxDiscardBytes = MAX_DISCARD_BYTES): void {
  if (request.readableEnded || request.complete) return answer(false);
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxDiscardBytes) return answer(true);
  let discarded = 0;
  let answered = false;
  const once = (close: boolean) => {
    if (answered) return;
    answered = true;
    request.off('data', onData);
    request.off('end', onEnd);
    answer(close);
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardBytes) once(true);
  };
  const onEnd = () => once(false);
  request.on('data', onData);
  request.on('end', onEnd);
  request.resume();
}

/** Drops a body nobody reads (GET-only routes), so that the connection can carry the next request. */
export function discardRest(request: IncomingMessage): void {
  answerWhenDrained(request, (close) => {
    if (close) request.socket.destroy();
  });
}
