import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { notFound } from './app-error.js';
import { toErrorResponse } from './error-mapping.js';

/** A file name with a content hash (`app.8422f4cd.js`, `app.8422f4cd1b4cf1e68193.css`): its bytes never change. */
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

interface Variants {
  br: boolean;
  gzip: boolean;
}

/** Which encodings the request accepts, by the q-values of `Accept-Encoding` (RFC 9110 §12.5.3). */
export function acceptedEncodings(header: string | undefined): { br: boolean; gzip: boolean } {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name, qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  return { br: ok('br'), gzip: ok('gzip') || ok('x-gzip') };
}

/**
 * The built H5 client: each file once, as the build left it, with its brotli or gzip twin
 * (client/scripts/precompress.mjs) when the browser accepts one (`Content-Encoding`,
 * `Vary: Accept-Encoding`); hashed files cached for a year as immutable, everything else (index.html)
 * revalidated every time; any other page path answered with index.html (the router lives in the
 * page). The file list is read once at start: the build does not change under a running server.
 */
export function clientAssets(dir: string): RequestHandler | null {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return null;
  const files = new Map<string, Variants>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!/\.(br|gz)$/.test(e.name))
        files.set('/' + path.relative(dir, full).split(path.sep).join('/'), {
          br: fs.existsSync(`${full}.br`),
          gzip: fs.existsSync(`${full}.gz`),
        });
    }
  };
  walk(dir);

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const p = req.path;
    if (p === '/api' || p.startsWith('/api/') || p.startsWith('/media/')) return next();
    let name = p === '/' ? '/index.html' : p;
    let variants = files.get(name);
    if (!variants) {
      // A page of the app (no file extension): the app's shell; a missing file: 404 in the API's form.
      if (path.posix.extname(name)) {
        const { status, body } = toErrorResponse(notFound('文件不存在'));
        res.status(status).json(body);
        return;
      }
      name = '/index.html';
      variants = files.get(name)!;
    }
    const accepts = acceptedEncodings(req.headers['accept-encoding']);
    const encoding = variants.br && accepts.br ? 'br' : variants.gzip && accepts.gzip ? 'gzip' : null;
    res.setHeader('Cache-Control', HASHED.test(name) ? IMMUTABLE : REVALIDATE);
    if (variants.br || variants.gzip) res.setHeader('Vary', 'Accept-Encoding');
    res.type(path.posix.extname(name));
    if (encoding) res.setHeader('Content-Encoding', encoding);
    const file = path.join(dir, ...name.split('/')) + (encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '');
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}
