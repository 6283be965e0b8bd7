import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { OrgModule } from '../org/org.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotifyDispatcher } from './dispatcher.service.js';
import { EventTickets } from './event-tickets.js';
import { LiveSocket } from './live-socket.js';
import { LiveEvents } from './live.service.js';
import { MessagesService } from './messages.service.js';
import { NotificationsController } from './notifications.controller.js';
import { Delivery, Message, OutboxEvent, WechatSubscription } from './notify.entities.js';
import { TimedEventsService } from './timed-events.service.js';

/** Issue 14: the outbox's dispatcher, the 消息中心, WeChat deliveries and the live event streams. */
@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxEvent, Message, Delivery, WechatSubscription]),
    forwardRef(() => AuthModule),
    CalendarModule,
    forwardRef(() => CasesModule),
    OrgModule,
    forwardRef(() => UsersModule),
  ],
  controllers: [NotificationsController],
  providers: [NotifyDispatcher, LiveEvents, MessagesService, EventTickets, LiveSocket, TimedEventsService],
  exports: [MessagesService],
})
export class NotificationsModule {}
