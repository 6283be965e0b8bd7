import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RateLimit } from '../rate-limit/rate-limit.decorators.js';
import { Open311Service } from './open311.service.js';
import { toXml } from './open311.mapper.js';

function format(f: string): 'json' | 'xml' {
  if (f !== 'json' && f !== 'xml') throw invalid({ format: '只支持 .json 或 .xml' });
  return f;
}

function send(res: Response, f: 'json' | 'xml', root: string, item: string, rows: object[], status = 200): void {
  res.status(status);
  if (f === 'xml') {
    res.type('text/xml; charset=utf-8').send(toXml(root, item, rows));
    return;
  }
  res.json(rows);
}

/** Open311 GeoReport v2: categories as services, cases as service requests (WGS84). */
@ApiTags('open311')
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly open311: Open311Service,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('discovery.json')
  @ApiOperation({ summary: 'Open311 discovery' })
  discovery() {
    return {
      changeset: '2026-11-27T00:00:00+08:00',
      contact: '许昌市城市管理委员会办公室',
      key_service: '通过 POST /api/v1/auth/wechat 或演示账号取得 Bearer 令牌',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${this.config.publicBaseUrl}/api/open311/v2`,
          changeset: '2026-11-27T00:00:00+08:00',
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    };
  }

  @Public()
  @Get('services.:format')
  async services(@Param('format') f: string, @Res() res: Response) {
    send(res, format(f), 'services', 'service', await this.open311.services());
  }

  @Public()
  @Get('services/:code.:format')
  async definition(@Param('code') code: string, @Param('format') f: string, @Res() res: Response) {
    const fmt = format(f);
    const def = await this.open311.definition(code);
    if (fmt === 'xml')
      res
        .type('text/xml; charset=utf-8')
        .send(
          `<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${def.service_code}</service_code><attributes/></service_definition>`,
        );
    else res.json(def);
  }

  @Public()
  @Get('requests.:format')
  async requests(@Param('format') f: string, @Query() q: Record<string, string>, @Res() res: Response) {
    send(res, format(f), 'service_requests', 'request', await this.open311.requests(q, this.config.publicBaseUrl));
  }

  @Public()
  @Get('requests/:id.:format')
  async request(@Param('id') id: string, @Param('format') f: string, @Res() res: Response) {
    send(res, format(f), 'service_requests', 'request', [await this.open311.request(id, this.config.publicBaseUrl)]);
  }

  @ApiBearerAuth()
  @RateLimit('open311-write')
  @Post('requests.:format')
  async create(
    @CurrentActor() actor: Actor,
    @Param('format') f: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    send(res, format(f), 'service_requests', 'request', [await this.open311.create(actor, body ?? {}, key)], 201);
  }
}
