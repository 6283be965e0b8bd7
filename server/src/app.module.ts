import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CasesModule } from './cases/cases.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { LoggerModule } from './common/logger.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { ReadReplicaRouting } from './database/read-replica.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { GridsModule } from './grids/grids.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MediaModule } from './media/media.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { Open311Module } from './open311/open311.module.js';
import { OrgModule } from './org/org.module.js';
import { PatrolsModule } from './patrols/patrols.module.js';
import { ConsentGuard } from './privacy/consent.guard.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SeedModule } from './seed/seed.module.js';
import { StatsModule } from './stats/stats.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The whole server, built from a validated configuration: the infrastructure (configuration,
 * logger, Redis, database, rate limits, job queue) and one module per feature. Each feature module
 * registers its own entities and exports only the services other features may call.
 */
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
        // A prepared key: with a plain string jsonwebtoken first tries it as a PEM key on every verify.
        JwtModule.register({ global: true, secret: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as string }),
        HealthModule,
        AuthModule,
        UsersModule,
        OrgModule,
        GridsModule,
        CategoriesModule,
        CalendarModule,
        CasesModule,
        StatsModule,
        EvaluationsModule,
        Open311Module,
        NotificationsModule,
        PrivacyModule,
        MediaModule,
        JobsModule,
        PatrolsModule,
        SeedModule,
      ],
      providers: [
        // In this order: budgets are per user, so the caller is known before they are counted; a write
        // refused for want of consent spends no budget.
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useExisting: ConsentGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        ReadReplicaRouting,
      ],
    };
  }
}
