import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
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
    LOG_LEVEL: 'silent',
    DEMO_CASES: '0',
    MEDIA_DIR: mediaDir,
    CLIENT_DIR: path.join(mediaDir, 'no-client'),
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
