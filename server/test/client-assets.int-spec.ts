import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/** The H5 client as the server delivers it: precompressed twins, cache headers, the app shell for page paths. */
describe(`client assets on ${ENGINE}`, () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-client-'));
  const html = `<!doctype html><html><head><script defer src="/js/app.0123abcd.js"></script></head><body>${'许昌'.repeat(400)}</body></html>`;
  const js = `console.log(${JSON.stringify('我要上报 '.repeat(500))});`;
  const css = `.home{color:#1677ff}`;
  const raw = (res: { body: Buffer; headers: Record<string, string> }) => {
    const enc = res.headers['content-encoding'];
    return (enc === 'br' ? brotliDecompressSync(res.body) : enc === 'gzip' ? gunzipSync(res.body) : res.body).toString('utf8');
  };
  /** The bytes as sent (supertest would decode them). */
  const get = (url: string, acceptEncoding: string) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const { port } = t.app.getHttpServer().address();
      http
        .get({ host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'js'));
    fs.mkdirSync(path.join(dir, 'css'));
    const write = (name: string, text: string, twins: boolean) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      if (twins) {
        fs.writeFileSync(`${file}.br`, brotliCompressSync(Buffer.from(text)));
        fs.writeFileSync(`${file}.gz`, gzipSync(Buffer.from(text)));
      }
    };
    write('index.html', html, true);
    write('js/app.0123abcd.js', js, true);
    write('css/app.0123abcd4567ef.css', css, false);
    t = await startApp({ CLIENT_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the brotli twin to a browser that accepts it, the gzip one otherwise, the file itself to anyone else', async () => {
    const br = await get('/js/app.0123abcd.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(Number(br.headers['content-length'])).toBeLessThan(Buffer.byteLength(js) / 10);
    expect(raw(br)).toBe(js);

    const gz = await get('/js/app.0123abcd.js', 'br;q=0, gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(raw(gz)).toBe(js);

    const plain = await get('/js/app.0123abcd.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(js);
    // Each representation has its own validator, and a revalidation is answered with 304.
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    const again = await t.http().get('/js/app.0123abcd.js').set('Accept-Encoding', 'br').set('If-None-Match', br.headers.etag);
    expect(again.status).toBe(304);
  });

  it('lets hashed files be cached for a year and makes the page revalidate', async () => {
    expect((await get('/js/app.0123abcd.js', 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const cssRes = await get('/css/app.0123abcd4567ef.css', 'br, gzip');
    expect(cssRes.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(cssRes.headers['content-encoding']).toBeUndefined(); // no twin for a tiny file
    expect(cssRes.headers['vary']).toBeUndefined();
    const page = await get('/', 'br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-encoding']).toBe('br');
    expect(raw(page)).toBe(html);
  });

  it('answers page paths with the app and leaves missing files and the API to their 404', async () => {
    const deep = await get('/packages/citizen/pages/report/index?from=home', 'gzip');
    expect(deep.status).toBe(200);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(raw(deep)).toBe(html);
    const missing = await t.http().get('/js/app.ffffffff.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const api = await t.http().get('/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('NOT_FOUND');
    expect((await t.http().get('/api/health')).body.status).toBe('ok');
    const head = await t.http().head('/js/app.0123abcd.js').set('Accept-Encoding', 'br');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
  });
});
