// HTTP end-to-end against the built server as `npm start` runs it (BASE_URL, started by test/run-all.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

test('health answers ok with the database up', async () => {
  const res = await fetch(`${BASE}/api/health`);
  assert.equal(res.status, 200);
  // The embedded default: no Redis configured, photos on the local disk.
  assert.deepEqual(await res.json(), { status: 'ok', db: 'up', redis: 'off', storage: 'up' });
});

test('the H5 client is served at / and for client-side routes', async () => {
  for (const path of ['/', '/pages/me/index']) {
    const res = await fetch(`${BASE}${path}`);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /<div id="app"|<script/);
  }
});

test('API 404s stay JSON errors, never the H5 page', async () => {
  const res = await fetch(`${BASE}/api/v1/does-not-exist`);
  assert.equal(res.status, 404);
  assert.equal((await res.json()).code, 'NOT_FOUND');
});

test('demo mode is on by default with the embedded database', async () => {
  const res = await fetch(`${BASE}/api/v1/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-citizen' }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.user.roles, ['citizen']);
});

test('OpenAPI document lists the contract endpoints', async () => {
  const doc = await (await fetch(`${BASE}/api/docs-json`)).json();
  for (const p of ['/api/health', '/api/v1/auth/demo', '/api/v1/categories', '/api/v1/evaluation-groups', '/api/v1/grids/locate'])
    assert.ok(doc.paths[p], p);
});
