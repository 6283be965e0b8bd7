// server/deploy/docker-compose.yml is valid (Debian's docker-compose parses it; no daemon is needed),
// every API variable in it is one the server reads and accepts at boot, the migrations run once
// in a one-shot service the API processes wait for, and nginx's upstreams are the API services.
// Without the docker-compose binary every test fails saying how to install it (.ci/run does).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './cluster.mjs';

const composeFile = path.join(root, 'server', 'deploy', 'docker-compose.yml');
const composeBin = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((p) => fs.existsSync(p)) ?? null;
const SECRET = 'c'.repeat(64);

let cached = null;
/** `docker-compose config`: the file as compose resolves it (variables filled in, anchors merged); run once, it is slow. */
function resolved() {
  cached ??= execFileSync(compose(), ['-f', composeFile, 'config'], {
    encoding: 'utf8',
    env: { ...process.env, JWT_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return cached;
}

/** The services of a resolved compose file: each one's `environment` and `depends_on` conditions (its output is plain block YAML). */
function services(yaml) {
  const out = {};
  let inServices = false;
  let current = null;
  let section = null;
  let dep = null;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) {
      inServices = line.startsWith('services:');
      current = null;
      continue;
    }
    if (!inServices) continue;
    let m;
    if ((m = /^ {2}([\w-]+):\s*$/.exec(line))) {
      current = out[m[1]] = { environment: {}, dependsOn: {}, command: [] };
      section = null;
    } else if ((m = /^ {4}([\w_]+):/.exec(line))) {
      section = m[1];
    } else if (current && section === 'environment' && (m = /^ {6}([A-Z0-9_]+): ?(.*)$/.exec(line))) {
      current.environment[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
    } else if (current && section === 'depends_on' && (m = /^ {6}([\w-]+):\s*$/.exec(line))) {
      dep = m[1];
    } else if (current && section === 'depends_on' && (m = /^ {8}condition: (\S+)/.exec(line))) {
      current.dependsOn[dep] = m[1];
    } else if (current && section === 'command' && (m = /^ {4}- (.*)$/.exec(line))) {
      current.command.push(m[1]);
    }
  }
  return out;
}

/** The binary, or a failure that says what to do: a check that cannot run must not pass as skipped. */
function compose() {
  assert.ok(composeBin, 'docker-compose is not installed (Debian: apt-get install -y docker-compose; .ci/run installs it)');
  return composeBin;
}

test('server/deploy/docker-compose.yml passes `docker-compose config -q`', () => {
  execFileSync(compose(), ['-f', composeFile, 'config', '-q'], { env: { ...process.env, JWT_SECRET: SECRET }, stdio: 'pipe' });
  // Without JWT_SECRET it refuses to start anything, naming it.
  const env = { ...process.env };
  delete env.JWT_SECRET;
  assert.throws(() => execFileSync(compose(), ['-f', composeFile, 'config', '-q'], { env, stdio: 'pipe' }), /JWT_SECRET/);
});

test('the API services and migrate use only variables the server reads, with values it accepts at boot', async () => {
  const { loadConfig } = await import(pathToFileURL(path.join(root, 'server', 'dist', 'config', 'app-config.js')).href);
  const all = services(resolved());
  for (const name of ['migrate', 'api1', 'api2']) {
    const env = all[name]?.environment;
    assert.ok(env && Object.keys(env).length, `service ${name} has no environment`);
    // Every variable loadConfig looks at, recorded while it reads this environment.
    const read = new Set();
    const watched = new Proxy(env, {
      get: (target, key) => {
        if (typeof key === 'string') read.add(key);
        return target[key];
      },
    });
    const config = loadConfig(watched);
    const unknown = Object.keys(env).filter((k) => !read.has(k));
    assert.deepEqual(unknown, [], `${name}: variables the server never reads`);
    assert.equal(config.production, true);
    assert.equal(config.database.type, 'mariadb');
    assert.equal(config.mediaStorage, 's3');
    assert.ok(config.redis.url);
    assert.equal(config.migrationsRun, name === 'migrate', `${name}: MIGRATIONS_RUN`);
  }
});

test('migrations run once: a one-shot migrate service that both API services wait for', () => {
  const all = services(resolved());
  assert.deepEqual(all.migrate.command, ['node', 'server/dist/migrate.js']);
  assert.ok(fs.existsSync(path.join(root, 'server', 'src', 'migrate.ts')));
  assert.equal(all.migrate.dependsOn.mariadb, 'service_healthy');
  for (const api of ['api1', 'api2']) {
    assert.deepEqual(all[api].command, ['node', 'server/dist/main.js']);
    assert.equal(all[api].dependsOn.migrate, 'service_completed_successfully', `${api} waits for migrate`);
  }
});

test("nginx's upstreams are the compose API services on their PORT", () => {
  const all = services(resolved());
  const conf = fs.readFileSync(path.join(root, 'server', 'deploy', 'nginx.conf'), 'utf8');
  const upstream = /upstream api \{([^}]*)\}/.exec(conf)?.[1] ?? '';
  const servers = [...upstream.matchAll(/server ([\w.-]+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(
    servers,
    ['api1', 'api2'].map((s) => `${s}:${all[s].environment.PORT}`),
  );
  assert.ok(all.nginx, 'an nginx service');
});
