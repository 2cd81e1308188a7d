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

/**
 * After a refusal: let the client finish sending into the void (so it reads our 413 instead of a reset
 * connection), but close the connection once the answer is out, and cut it off if it keeps sending.
 */
export function discardRest(request: IncomingMessage, maxDiscardBytes = 64 * 1024 * 1024): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardBytes) request.socket.destroy();
  });
  request.resume();
}
