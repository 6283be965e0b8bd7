import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createLogger } from '../../src/common/logger.js';

export type Engine = 'sqlite' | 'mariadb';
/** Which engine this run of the integration tier uses: `DB_ENGINE=sqlite|mariadb`. */
export const ENGINE: Engine = process.env.DB_ENGINE === 'mariadb' ? 'mariadb' : 'sqlite';
/** Server used for throwaway MariaDB databases, one per test file. */
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
/** The shared Redis: tests write only under a key prefix of their own and delete just those keys. */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/**
 * Budgets far above what any test does, so that only the tests about rate limits meet them (they
 * set their own, small ones).
 */
export const GENEROUS_LIMITS: NodeJS.ProcessEnv = {
  RATE_LIMIT_LOGIN_PER_MIN: '100000',
  RATE_LIMIT_REPORTS_PER_HOUR: '100000',
  RATE_LIMIT_REPORTS_PER_DAY: '100000',
  RATE_LIMIT_STAFF_REPORTS_PER_HOUR: '100000',
  RATE_LIMIT_STAFF_REPORTS_PER_DAY: '100000',
  RATE_LIMIT_UPLOADS_PER_HOUR: '100000',
  RATE_LIMIT_STAFF_UPLOADS_PER_HOUR: '100000',
  RATE_LIMIT_ACTIONS_PER_MIN: '100000',
  RATE_LIMIT_STAFF_ACTIONS_PER_MIN: '100000',
  RATE_LIMIT_OPEN311_WRITES_PER_HOUR: '100000',
  RATE_LIMIT_REQUESTS_PER_MIN: '1000000',
  UPLOAD_UNATTACHED_MAX: '100000',
};

/** `REDIS_URL` with a key prefix unique to this call, and a way to delete exactly those keys afterwards. */
export function testRedis(): { env: NodeJS.ProcessEnv; cleanup: () => Promise<void> } {
  const prefix = `xc-test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}:`;
  return {
    env: { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix },
    cleanup: async () => {
      const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Logs a demo account in and returns its access token. */
  login: (username: string) => Promise<string>;
  dataSource: DataSource;
  close: () => Promise<void>;
}

/** A fresh empty database on the engine under test, with a way to drop it. */
export async function freshDatabase(engine: Engine = ENGINE): Promise<{ url: string; drop: () => Promise<void> }> {
  const tag = `${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-int-'));
    return { url: `sqlite:${path.join(dir, `t_${tag}.sqlite`)}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const server = new URL(MYSQL_URL);
  const name = `xc_t_${tag}`;
  const conn = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await mysql.createConnection({
        host: server.hostname,
        port: Number(server.port || 3306),
        user: decodeURIComponent(server.username || 'root'),
        password: decodeURIComponent(server.password),
      });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** Starts the real application on a fresh database with the real migrations, listening on a real port. */
export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await freshDatabase();
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-media-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_CASES: '0',
    MEDIA_DIR: mediaDir,
    CLIENT_DIR: path.join(mediaDir, 'no-client'),
    // Nothing may leave this machine: tests that log in through WeChat start the local stand-in.
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    ...GENEROUS_LIMITS,
    ...env,
    DATABASE_URL: db.url,
  });
  const app = await createApp(config, createLogger(config));
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    http: () => request(server),
    login: async (username) => {
      const res = await request(server).post('/api/v1/auth/demo').send({ username });
      if (res.status !== 200) throw new Error(`demo login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}
