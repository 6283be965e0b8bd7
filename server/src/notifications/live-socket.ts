import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer, type WebSocket } from 'ws';
import { EventTickets } from './event-tickets.js';
import { LiveEvents } from './live.service.js';

export const LIVE_SOCKET_PATH = '/api/v1/events/ws';
const HEARTBEAT_MS = 25_000;

/**
 * The event stream as a WebSocket, for the weapp (Taro.connectSocket: a mini-program has no
 * EventSource): `wss://…/api/v1/events/ws?ticket=` with a ticket from POST /events/ticket. The
 * same JSON events as the SSE stream, one per text frame; the server pings every 25 s.
 */
@Injectable()
export class LiveSocket implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private server: Server | null = null;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly tickets: EventTickets,
    private readonly live: LiveEvents,
  ) {}

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_SOCKET_PATH) return;
    this.tickets.verify(url.searchParams.get('ticket') ?? undefined).then(
      (userId) => this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, userId)),
      () => {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n');
      },
    );
  };

  onApplicationBootstrap(): void {
    this.server = this.host.httpAdapter?.getHttpServer() ?? null;
    this.server?.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private attach(ws: WebSocket, userId: string): void {
    ws.send(JSON.stringify({ kind: 'ready', caseId: null }));
    const stop = this.live.listen(userId, (event) => ws.send(JSON.stringify(event)));
    const beat = setInterval(() => ws.ping(), HEARTBEAT_MS);
    ws.on('close', () => {
      clearInterval(beat);
      stop();
    });
    // Nothing is read from clients.
    ws.on('message', () => undefined);
  }
}
