// A small city in one machine, for the cluster tier and its benchmark: s3rver (an S3-compatible
// stand-in) on a free port, N built API processes (server/dist/main.js) on one fresh MariaDB
// database and the shared Redis, and nginx with server/deploy/nginx.conf.template filled in, started as
// a child (`daemon off`) with its pid, logs and temp files in a temp dir.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import S3rver from 's3rver';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
export const BUCKET = 'xc-media';

/** `NGINX_BIN` if set (and only it), else nginx where Debian puts it or on PATH; null when there is none. */
export function findNginx() {
  if (process.env.NGINX_BIN) return fs.existsSync(process.env.NGINX_BIN) ? process.env.NGINX_BIN : null;
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) if (fs.existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Everything the tier needs, checked up front: a missing piece fails with what to do, never a skip. */
export function checkPrerequisites() {
  const missing = [];
  if (!findNginx()) missing.push('nginx is not installed (Debian: apt-get install -y nginx; .ci/run installs it)');
  if (!fs.existsSync(path.join(root, 'server', 'dist', 'main.js')))
    missing.push('server/dist/main.js is missing: run the builds tier first');
  if (!fs.existsSync(path.join(root, 'client', 'dist', 'h5', 'index.html')))
    missing.push('client/dist/h5 is missing: run the builds tier first (nginx serves the H5 build)');
  if (missing.length) throw new Error(`cluster tier cannot run:\n  - ${missing.join('\n  - ')}`);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function adminConnection() {
  const u = new URL(MYSQL_URL);
  return mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    multipleStatements: true,
  });
}

function dbUrl(name) {
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A built API process; its output is kept (JSON log lines) for the assertions. */
export function startApi(env) {
  const child = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, port: Number(env.PORT), base: `http://127.0.0.1:${env.PORT}`, output: () => out };
}

export async function waitReady(base, proc, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`process exited during start-up (code ${proc.child.exitCode}):\n${proc.output().slice(-3000)}`);
    try {
      if ((await fetch(`${base}/api/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} not ready after ${timeoutMs / 1000} s:\n${proc?.output().slice(-3000) ?? ''}`);
}

/** nginx in front of `ports`, from server/deploy/nginx.conf.template, as a child process. */
export async function startNginx(ports, dir) {
  const listen = await freePort();
  fs.mkdirSync(dir, { recursive: true });
  // Started as root (CI), nginx's workers run as nobody: they must reach their temp files here.
  for (let d = dir; d !== os.tmpdir() && d !== path.dirname(d); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  const template = fs.readFileSync(path.join(root, 'server', 'deploy', 'nginx.conf.template'), 'utf8');
  const mime = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((f) => fs.existsSync(f));
  const conf = template
    .replaceAll('{{PREFIX}}', dir)
    .replaceAll('{{LISTEN}}', `127.0.0.1:${listen}`)
    .replaceAll('{{MIME_TYPES}}', mime ?? path.join(dir, 'mime.types'))
    .replaceAll('{{CLIENT_DIR}}', path.join(root, 'client', 'dist', 'h5'))
    .replace('{{UPSTREAMS}}', ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n'));
  if (!mime) fs.writeFileSync(path.join(dir, 'mime.types'), 'types { text/html html; application/javascript js; text/css css; }\n');
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  const child = spawn(findNginx(), ['-c', file, '-p', dir, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${listen}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (code ${child.exitCode}): ${out}\n${readIf(path.join(dir, 'error.log'))}`);
    try {
      await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
      return { child, base, conf: file, stop: () => stopChild(child) };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not answer: ${out}`);
}

function readIf(f) {
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
}

async function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(t);
}

/**
 * The whole cluster. `apis`: how many API processes; `env`: extra environment for all of them;
 * `replica`: also a second database, migrated, named in DATABASE_REPLICA_URLS (a stand-in replica).
 */
export async function startCluster({ apis = 2, env = {}, replica = false } = {}) {
  checkPrerequisites();
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-cluster-'));
  const stops = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((e) => console.error('cluster cleanup:', e.message));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const conn = await adminConnection();
    const dbName = `xc_cluster_${tag}`;
    const names = [dbName, ...(replica ? [`${dbName}_replica`] : [])];
    for (const n of names) await conn.query(`CREATE DATABASE \`${n}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.query(`USE \`${dbName}\``);
    stops.push(async () => {
      for (const n of names) await conn.query(`DROP DATABASE IF EXISTS \`${n}\``);
      await conn.end();
    });

    const s3dir = path.join(tmp, 's3');
    fs.mkdirSync(s3dir);
    const s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      directory: s3dir,
      silent: true,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port: s3port } = await s3.run();
    stops.push(() => s3.close());

    const prefix = `xc-cluster-${tag}:`;
    stops.push(async () => {
      execFileSync('sh', [
        '-c',
        `redis-cli -u "${REDIS_URL}" --scan --pattern '${prefix}*' | xargs -r redis-cli -u "${REDIS_URL}" del >/dev/null`,
      ]);
    });

    const ports = [];
    for (let i = 0; i < apis; i++) ports.push(await freePort());
    const nginxDir = path.join(tmp, 'nginx');
    const common = (port, i) => ({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: dbUrl(dbName),
      ...(replica ? { DATABASE_REPLICA_URLS: dbUrl(`${dbName}_replica`) } : {}),
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      MEDIA_STORAGE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${s3port}`,
      S3_REGION: 'us-east-1',
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      MEDIA_DIR: path.join(tmp, `media-${i}`),
      UPLOAD_TMP_DIR: path.join(tmp, `uploads-${i}`),
      CLIENT_DIR: path.join(root, 'client', 'dist', 'h5'),
      TRUST_PROXY: 'loopback',
      DEMO_CASES: '0',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      RATE_LIMIT_LOGIN_PER_MIN: '100000',
      RATE_LIMIT_REQUESTS_PER_MIN: '10000000',
      RATE_LIMIT_STAFF_REPORTS_PER_HOUR: '1000000',
      RATE_LIMIT_STAFF_REPORTS_PER_DAY: '1000000',
      RATE_LIMIT_UPLOADS_PER_HOUR: '1000000',
      RATE_LIMIT_STAFF_UPLOADS_PER_HOUR: '1000000',
      UPLOAD_UNATTACHED_MAX: '100000',
      UPLOAD_MAX_IN_FLIGHT: '64',
      ...env,
    });
    const procs = [];
    if (replica) {
      // The replica gets the schema and reference data the way a real one would have them.
      const seedPort = await freePort();
      const seeding = startApi({
        ...common(seedPort, 'seed'),
        DATABASE_URL: dbUrl(`${dbName}_replica`),
        DATABASE_REPLICA_URLS: '',
        JOBS: '0',
      });
      await waitReady(seeding.base, seeding);
      await stopChild(seeding.child);
    }
    for (let i = 0; i < apis; i++) {
      // One at a time: the first runs the migrations, the others find nothing to do.
      const p = startApi(common(ports[i], i));
      stops.push(() => stopChild(p.child));
      await waitReady(p.base, p);
      procs.push(p);
    }
    const nginx = await startNginx(ports, nginxDir);
    stops.push(nginx.stop);
    let extra = 0;
    return {
      base: nginx.base,
      apis: procs,
      nginx,
      /** Another API process on the same database, Redis and bucket, with `overrides`. */
      startExtra: async (overrides = {}, { wait = true } = {}) => {
        const port = await freePort();
        const p = startApi({ ...common(port, `extra-${extra++}`), ...overrides });
        stops.push(() => stopChild(p.child));
        if (wait) await waitReady(p.base, p);
        return p;
      },
      /** The same environment as the API processes (with `overrides`) for another command, e.g. server/dist/migrate.js. */
      envFor: (overrides = {}) => ({ ...process.env, ...common(0, 'cmd'), ...overrides }),
      /** An empty database on the same server, dropped with the cluster; returns its URL. */
      createDatabase: async (suffix) => {
        const n = `${dbName}_${suffix}`;
        await conn.query(`CREATE DATABASE \`${n}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        stops.push(() => conn.query(`DROP DATABASE IF EXISTS \`${n}\``));
        return dbUrl(n);
      },
      /** Another nginx in front of `ports`. */
      startNginx: async (ports) => {
        const n = await startNginx(ports, path.join(tmp, `nginx-${extra++}`));
        stops.push(n.stop);
        return n;
      },
      s3: { dir: s3dir, port: s3port },
      db: { name: dbName, replica: replica ? `${dbName}_replica` : null, query: async (sql, params) => (await conn.query(sql, params))[0] },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A small real JPEG (made with the server's sharp), for uploads. */
export async function makeJpeg(w = 64, h = 48) {
  const sharp = createRequire(path.join(root, 'server', 'package.json'))('sharp');
  const raw = Buffer.alloc(w * h * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + (i >> 5) + ((i * 7919) % 251)) & 0xff;
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export const WEIDU_POINT = { lat: 34.0235, lng: 113.823 };

export function caseBody(mediaIds, description = '路边有一堆生活垃圾无人清理') {
  return { categoryCode: '200102', description, location: { ...WEIDU_POINT }, address: '魏都区七一路', mediaIds };
}

/** A client of one base URL (an instance or nginx). */
export function client(base) {
  const call = async (method, url, { token, body, headers = {}, form } = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    base,
    call,
    login: async (username) => {
      const r = await call('POST', '/api/v1/auth/demo', { body: { username } });
      if (r.status !== 200) throw new Error(`login ${username} at ${base}: ${r.status} ${r.text}`);
      return r.json.accessToken;
    },
    upload: async (token, photo) => {
      const form = new FormData();
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
      return call('POST', '/api/v1/media', { token, form });
    },
  };
}
