import { MAX_UPLOAD_BYTES } from '../media/media.constants.js';

/**
 * Fetches an Open311 `media_url` once, only from hosts on the configured allow-list (anything
 * else is never contacted: the link is kept for staff instead). No redirects are followed (they
 * could lead off the list), at most MAX_UPLOAD_BYTES are read, and the whole fetch is bounded in
 * time. The bytes then go through the media pipeline like any upload (type by bytes, no EXIF).
 */

export type Fetched = { status: 'fetched'; buffer: Buffer } | { status: 'not_allowed' } | { status: 'failed'; reason: string };

const TIMEOUT_MS = 10_000;

/** True when `url`'s host (or host:port) is on the list; entries are `host` (any port) or `host:port`. */
export function hostAllowed(url: string, allowList: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const host = u.hostname.toLowerCase();
  return allowList.some((entry) => {
    const e = entry.toLowerCase();
    return e.includes(':') && !e.startsWith('[') ? e === u.host.toLowerCase() : e === host;
  });
}

export async function fetchMedia(url: string, allowList: readonly string[], fetchImpl: typeof fetch = fetch): Promise<Fetched> {
  if (!hostAllowed(url, allowList)) return { status: 'not_allowed' };
  try {
    const res = await fetchImpl(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return { status: 'failed', reason: `HTTP ${res.status}` };
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > MAX_UPLOAD_BYTES) {
      await res.body.cancel();
      return { status: 'failed', reason: 'too large' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) return { status: 'failed', reason: 'too large' };
      chunks.push(Buffer.from(chunk));
    }
    return { status: 'fetched', buffer: Buffer.concat(chunks) };
  } catch (e) {
    return { status: 'failed', reason: (e as Error).name === 'TimeoutError' ? 'timeout' : String((e as Error).message ?? e) };
  }
}
