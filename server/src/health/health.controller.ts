import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { HealthDto } from '@xc/shared';
import { Public } from '../auth/auth.decorators.js';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorators.js';

@ApiTags('service')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checks the database with a real round trip; 503 with `db: down` while it is unreachable. */
  @Public()
  @SkipRateLimit()
  @Get()
  @ApiOkResponse({ description: '{"status":"ok","db":"up"}' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 3000);
      return { status: 'ok', db: 'up' };
    } catch {
      res.status(503);
      return { status: 'error', db: 'down' };
    }
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
