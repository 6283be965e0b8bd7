import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AuthStateService } from './auth/auth-state.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { WechatClient } from './auth/wechat.client.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { CalendarService } from './calendar/calendar.service.js';
import { CaseActionsService } from './cases/case-actions.service.js';
import { CaseViewService } from './cases/case-view.service.js';
import { CasesController } from './cases/cases.controller.js';
import { CasesService } from './cases/cases.service.js';
import { StatsController } from './stats/stats.controller.js';
import { StatsService } from './stats/stats.service.js';
import { EvaluationsController } from './evaluations/evaluations.controller.js';
import { EvaluationsService, PATROL_COMPLIANCE } from './evaluations/evaluations.service.js';
import { PatrolComplianceService } from './patrols/patrol-compliance.service.js';
import { CategoriesController } from './categories/categories.controller.js';
import { CategoriesService } from './categories/categories.service.js';
import { LoggerModule } from './common/logger.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { ENTITIES } from './database/entities.js';
import { ReadReplicaRouting } from './database/read-replica.js';
import { GridsController } from './grids/grids.controller.js';
import { GridsService } from './grids/grids.service.js';
import { HealthController } from './health/health.controller.js';
import { HealthState } from './health/health.state.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MediaModule } from './media/media.module.js';
import { PatrolsModule } from './patrols/patrols.module.js';
import { Open311Controller } from './open311/open311.controller.js';
import { Open311KeysModule } from './open311/open311-keys.module.js';
import { Open311Service } from './open311/open311.service.js';
import { NotifyDispatcher } from './notifications/dispatcher.service.js';
import { EventTickets } from './notifications/event-tickets.js';
import { LiveEvents } from './notifications/live.service.js';
import { LiveSocket } from './notifications/live-socket.js';
import { MessagesService } from './notifications/messages.service.js';
import { TimedEventsService } from './notifications/timed-events.service.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { OrgController } from './org/org.controller.js';
import { OrgService } from './org/org.service.js';
import { AccountService } from './privacy/account.service.js';
import { AuditService } from './privacy/audit.service.js';
import { ConsentGuard } from './privacy/consent.guard.js';
import { PoliciesService } from './privacy/policies.service.js';
import { PrivacyController } from './privacy/privacy.controller.js';
import { RetentionService } from './privacy/retention.service.js';
import { WechatPhoneClient } from './privacy/wechat-phone.client.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SeedService } from './seed/seed.service.js';
import { UsersAdminService } from './users/users-admin.service.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';

/** The whole server as one module, built from a validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(logger),
        RedisModule.forRoot(),
        RateLimitModule,
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database, config.databaseReplicas),
          migrationsRun: config.migrationsRun,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TypeOrmModule.forFeature(ENTITIES),
        // A prepared key: with a plain string jsonwebtoken first tries it as a PEM key on every verify.
        JwtModule.register({ secret: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as string }),
        MediaModule,
        JobsModule,
        PatrolsModule,
        Open311KeysModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        OrgController,
        GridsController,
        CategoriesController,
        CalendarController,
        CasesController,
        StatsController,
        EvaluationsController,
        Open311Controller,
        NotificationsController,
        PrivacyController,
      ],
      providers: [
        // In this order: budgets are per user, so the caller is known before they are counted; a write
        // refused for want of consent spends no budget.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ConsentGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        HealthState,
        ReadReplicaRouting,
        WechatClient,
        AuthStateService,
        AuthService,
        UsersService,
        UsersAdminService,
        OrgService,
        GridsService,
        CategoriesService,
        CalendarService,
        SeedService,
        CasesService,
        CaseActionsService,
        CaseViewService,
        StatsService,
        EvaluationsService,
        // Patrol compliance feeds the evaluation's 网格巡查履职 item.
        { provide: PATROL_COMPLIANCE, useExisting: PatrolComplianceService },
        Open311Service,
        // Issue 14: the outbox's dispatcher, the 消息中心 and the live event streams.
        NotifyDispatcher,
        LiveEvents,
        MessagesService,
        EventTickets,
        LiveSocket,
        TimedEventsService,
        AuditService,
        PoliciesService,
        AccountService,
        WechatPhoneClient,
        RetentionService,
      ],
    };
  }
}
