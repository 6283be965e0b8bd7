import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { NotifyDispatcher } from './dispatcher.service.js';
import { DeliveriesQueryDto, ListMessagesQueryDto, ReadMessagesDto, SubscriptionsDto } from './dto.js';
import { EventTickets } from './event-tickets.js';
import { LiveEvents } from './live.service.js';
import { MessagesService } from './messages.service.js';
import { Answers, AnswersContent, AnswersNothing } from '../common/openapi.js';
import type { DeliveriesDto, EventTicketDto, MessagePage, SubscriptionsResultDto, UnreadCountDto } from '@xc/shared';

const HEARTBEAT_MS = 25_000;

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: MessagesService,
    private readonly dispatcher: NotifyDispatcher,
    private readonly live: LiveEvents,
    private readonly tickets: EventTickets,
  ) {}

  @Get('v1/messages')
  @Answers('MessagePage')
  list(@CurrentActor() actor: Actor, @Query() q: ListMessagesQueryDto): Promise<MessagePage> {
    return this.messages.list(actor, q.cursor || undefined, q.limit ?? 20);
  }

  @Get('v1/messages/unread-count')
  @Answers('UnreadCountDto')
  async unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return { count: await this.messages.unreadCount(actor) };
  }

  @Post('v1/messages/read')
  @HttpCode(204)
  @AnswersNothing()
  async read(@CurrentActor() actor: Actor, @Body() body: ReadMessagesDto): Promise<void> {
    if (body.all === true) return this.messages.read(actor, 'all');
    if (!body.ids) throw invalid({ ids: '请指明要标记为已读的消息，或传 all: true' });
    return this.messages.read(actor, body.ids);
  }

  /** What the user accepted in wx.requestSubscribeMessage (one acceptance allows one message). */
  @Post('v1/subscriptions')
  @HttpCode(200)
  @Answers('SubscriptionsResultDto')
  async subscribe(@CurrentActor() actor: Actor, @Body() body: SubscriptionsDto): Promise<SubscriptionsResultDto> {
    return { subscriptions: await this.messages.accept(actor, body.accepted, this.config.wechat) };
  }

  /** Outside deliveries by state (failed by default): what the WeChat channel could not send. */
  @Roles('admin')
  @Get('v1/admin/deliveries')
  @Answers('DeliveriesDto')
  async deliveries(@Query() q: DeliveriesQueryDto): Promise<DeliveriesDto> {
    const rows = await this.dispatcher.deliveries(q.state ?? 'failed', 200);
    return {
      items: rows.map((d) => ({
        id: d.id,
        eventId: d.eventId,
        channel: d.channel,
        userId: d.userId,
        state: d.state,
        attempts: d.attempts,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        doneAt: d.doneAt?.toISOString() ?? null,
      })),
    };
  }

  /** A one-minute ticket for opening the event stream, where a client cannot send headers (EventSource, WebSocket). */
  @Post('v1/events/ticket')
  @HttpCode(200)
  @Answers('EventTicketDto')
  async ticket(@CurrentActor() actor: Actor): Promise<EventTicketDto> {
    return this.tickets.issue(actor);
  }

  /**
   * Server-Sent Events for the user of `?ticket=` (from POST /events/ticket): EventSource cannot
   * send headers, and the access token never goes in a URL. The one way in, for every client.
   */
  @Public()
  @Get('v1/events')
  @AnswersContent({
    'text/event-stream': { type: 'string', description: 'Server-Sent Events：event: ready，随后每条 data 为 LiveEventDto 的 JSON' },
  })
  async events(@Query('ticket') ticket: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const userId = await this.tickets.verify(ticket);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx: pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 3000\n\nevent: ready\ndata: {}\n\n`);
    const stop = this.live.listen(userId, (event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(beat);
      stop();
    });
  }
}
