import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, MYSQL_URL, startApp, type TestApp } from './support/harness.js';

/** A TCP proxy in front of MariaDB that the test can cut and restore, like a network outage. */
class CuttableProxy {
  private server = net.createServer((client) => this.pipe(client));
  private sockets = new Set<net.Socket>();
  private up = true;
  constructor(private readonly target: { host: string; port: number }) {}
  async start(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }
  cut() {
    this.up = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
  restore() {
    this.up = true;
  }
  stop() {
    this.cut();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
  private pipe(client: net.Socket) {
    if (!this.up) return client.destroy();
    const upstream = net.connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => this.sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  }
}

describe('database outage on MariaDB', () => {
  let t: TestApp;
  let proxy: CuttableProxy;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase('mariadb');
    drop = db.drop;
    const server = new URL(MYSQL_URL);
    proxy = new CuttableProxy({ host: server.hostname, port: Number(server.port || 3306) });
    const port = await proxy.start();
    const url = new URL(db.url);
    url.host = `127.0.0.1:${port}`;
    t = await startApp({ DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await t?.close().catch(() => {});
    await proxy?.stop();
    await drop?.();
  });

  it('answers 503 UNAVAILABLE while the database is unreachable and recovers without a restart', async () => {
    expect((await t.http().get('/api/v1/categories')).status).toBe(200);
    proxy.cut();
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', db: 'down', storage: 'up' });
    const token = await t.http().get('/api/v1/evaluation-groups');
    expect(token.status).toBe(503);
    expect(token.body.code).toBe('UNAVAILABLE');
    expect(token.body.message).toMatch(/数据库/);

    proxy.restore();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await t.http().get('/api/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await t.http().get('/api/v1/evaluation-groups')).status).toBe(200);
  }, 30_000);
});
