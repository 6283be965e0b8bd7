import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthState } from './health.state.js';

export interface DrainOptions {
  /** How long readiness says 503 before the listener closes, so the load balancer stops sending (`SHUTDOWN_DRAIN_MS`). */
  drainMs: number;
  /** In-flight requests still running after this are cut (`SHUTDOWN_TIMEOUT_MS`). */
  timeoutMs: number;
}

/**
 * Graceful shutdown, in order: readiness turns 503; after `drainMs` the listener stops taking
 * connections and idle keep-alive connections close; in-flight requests finish (up to
 * `timeoutMs`); then the application closes (running jobs finish, Redis and the database close).
 */
export async function drainAndClose(app: INestApplication, opts: DrainOptions, logger?: Logger): Promise<void> {
  app.get(HealthState).draining = true;
  if (opts.drainMs > 0) await new Promise((r) => setTimeout(r, opts.drainMs));
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive connections that carry a request close after its answer.
  server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const cut = setTimeout(() => {
    logger?.warn('shutdown: in-flight requests cut after the timeout');
    server.closeAllConnections();
  }, opts.timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
  await app.close();
}
