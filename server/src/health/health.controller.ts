import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { HealthDto, ReadinessDto } from '@xc/shared';
import { Public } from '../auth/auth.decorators.js';
import { MEDIA_STORAGE, type MediaStorage } from '../media/media.storage.js';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorators.js';
import { REDIS_CLIENT } from '../redis/redis.token.js';
import { Answers, wireRef } from '../common/openapi.js';
import { HealthState } from './health.state.js';

const TIMEOUT_MS = 3000;

@ApiTags('service')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly state: HealthState,
  ) {}

  /**
   * Each dependency with a real round trip: 503 with `db: down` while the database is unreachable;
   * Redis or the photo store down is `degraded` (200: this process still serves most requests).
   */
  @Public()
  @SkipRateLimit()
  @Get()
  @Answers('HealthDto', { description: 'ok，或 degraded（Redis 或图片存储不可用）' })
  @ApiServiceUnavailableResponse({ description: '数据库不可用：status 为 error', schema: wireRef('HealthDto') as never })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const [db, redis, storage] = await Promise.all([
      up(this.dataSource.query('SELECT 1')),
      this.redis ? up(this.redis.ping()) : Promise.resolve('off' as const),
      up(this.storage.check()),
    ]);
    const status = db === 'down' ? 'error' : redis === 'down' || storage === 'down' ? 'degraded' : 'ok';
    if (status === 'error') res.status(503);
    return { status, db, redis, storage };
  }

  /** For the load balancer: 503 while this process drains (shutting down), migrations are pending, or the database is down. */
  @Public()
  @SkipRateLimit()
  @Get('ready')
  @Answers('ReadinessDto', { description: '{"ready":true}' })
  @ApiServiceUnavailableResponse({
    description: '{"ready":false,"reason":"draining|migrating|db-down"}',
    schema: wireRef('ReadinessDto') as never,
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const answer = await this.readiness();
    if (!answer.ready) res.status(503);
    return answer;
  }

  private async readiness(): Promise<ReadinessDto> {
    if (this.state.draining) return { ready: false, reason: 'draining' };
    try {
      if (await withTimeout(this.dataSource.showMigrations(), TIMEOUT_MS)) return { ready: false, reason: 'migrating' };
    } catch {
      return { ready: false, reason: 'db-down' };
    }
    return { ready: true };
  }
}

async function up(p: Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await withTimeout(p, TIMEOUT_MS);
    return 'up';
  } catch {
    return 'down';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
