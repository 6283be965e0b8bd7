// The server process as `npm start` runs it: a bad configuration stops start-up with a message
// naming the variable; SIGTERM shuts down gracefully; starting twice on one database changes nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'server', 'dist', 'main.js');

function startServer(env) {
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out };
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy');
}

test('a bad configuration stops start-up and names the variable', async () => {
  const s = startServer({ PORT: 'eighty', DEMO: 'perhaps' });
  const { code } = await s.exited;
  assert.equal(code, 2);
  assert.match(s.output(), /PORT/);
  assert.match(s.output(), /DEMO/);
  assert.match(s.output(), /配置错误/);
});

test('with demo mode off, refuses to start on the demo signing secret or a short one, naming JWT_SECRET', async () => {
  for (const [secret, expected] of [
    [undefined, /JWT_SECRET is required when demo mode is off/],
    ['xuchang-demo-secret-not-for-production', /JWT_SECRET must not be the demo secret/],
    ['too-short-for-production', /JWT_SECRET must be at least 32 characters/],
  ]) {
    const env = { DEMO: '0', NODE_ENV: 'development', JWT_SECRET: secret ?? '' };
    const s = startServer(env);
    const { code } = await s.exited;
    assert.equal(code, 2);
    assert.match(s.output(), expected);
    assert.match(s.output(), /配置错误/);
  }
});

test('starts twice on one database without changing it, logs JSON with request ids, shuts down on SIGTERM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-startup-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, MEDIA_DIR: path.join(dir, 'media') };
  const counts = [];
  try {
    for (let run = 0; run < 2; run++) {
      const port = await freePort();
      const s = startServer({ ...env, PORT: String(port) });
      await waitHealthy(port);
      const groups = await (await fetch(`http://127.0.0.1:${port}/api/v1/evaluation-groups`)).json();
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"demo-admin"}',
      });
      assert.equal(login.status, 200);
      counts.push(groups.map((g) => g.units.length).join('/'));
      s.child.kill('SIGTERM');
      const { code } = await s.exited;
      assert.equal(code, 0, 'graceful shutdown exits 0');
      const lines = s
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const request = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url === '/api/v1/evaluation-groups');
      assert.ok(request, 'a JSON log line for the request');
      assert.match(String(request.req.id), /^[0-9a-f-]{36}$/);
      if (run === 1) assert.match(s.output(), /"inserted":\{"districts":0,"streets":0/);
    }
    assert.deepEqual(counts, ['4/5/42/36', '4/5/42/36']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
