import { describe, expect, it } from '@jest/globals';
import { fetchMedia, hostAllowed } from './media-fetch.js';

describe('media_url allow-list', () => {
  const list = ['photos.example.org', '127.0.0.1:8099'];

  it('allows a listed host on any port, or a listed host:port only on that port', () => {
    expect(hostAllowed('https://photos.example.org/a.jpg', list)).toBe(true);
    expect(hostAllowed('http://PHOTOS.example.org:8080/a.jpg', list)).toBe(true);
    expect(hostAllowed('http://127.0.0.1:8099/a.jpg', list)).toBe(true);
    expect(hostAllowed('http://127.0.0.1:8100/a.jpg', list)).toBe(false);
    expect(hostAllowed('https://evil.example/a.jpg', list)).toBe(false);
    expect(hostAllowed('https://photos.example.org.evil.example/a.jpg', list)).toBe(false);
    expect(hostAllowed('ftp://photos.example.org/a.jpg', list)).toBe(false);
    expect(hostAllowed('not a url', list)).toBe(false);
  });

  it('never contacts a host that is not listed', async () => {
    const calls: string[] = [];
    const spy = (async (u: string) => {
      calls.push(u);
      throw new Error('must not be called');
    }) as unknown as typeof fetch;
    expect(await fetchMedia('https://evil.example/a.jpg', list, spy)).toEqual({ status: 'not_allowed' });
    expect(calls).toEqual([]);
  });
});
