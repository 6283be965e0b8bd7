import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReplicaReads } from '../database/read-replica.js';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import { Caller, type Open311Caller } from './open311-key.middleware.js';
import { RateLimit } from '../rate-limit/rate-limit.decorators.js';
import { Open311Service } from './open311.service.js';
import { render, type Doc, type Format } from './open311.format.js';
import { AnswersContent, open311Body } from '../common/openapi.js';

function format(f: string): Format {
  if (f !== 'json' && f !== 'xml') throw invalid({ format: '只支持 .json 或 .xml' });
  return f;
}

/** Checks the format first (nothing runs for `.csv`), then renders what `make` returns. */
async function reply(res: Response, f: string, make: () => Promise<Doc> | Doc, status = 200): Promise<void> {
  const fmt = format(f);
  const out = render(fmt, await make());
  res.status(status).type(out.contentType).send(out.body);
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /api/open311/v2: every answer
 * in JSON or XML by the URL's extension; errors in the specification's form (see open311.errors).
 */
@ApiTags('open311')
@Public()
@ReplicaReads()
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.:format')
  @ApiOperation({ summary: 'Open311 discovery（JSON 或 XML）' })
  @AnswersContent(open311Body('Open311DiscoveryDto'))
  discovery(@Param('format') f: string, @Res() res: Response) {
    return reply(res, f, () => this.open311.discovery());
  }

  @Get('services.:format')
  @ApiOperation({ summary: '服务（问题类别）列表' })
  @AnswersContent(open311Body('Open311ServiceList'))
  services(@Param('format') f: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    return reply(res, f, () => this.open311.services(q));
  }

  @Get('services/:code.:format')
  @ApiOperation({ summary: '服务定义：需要补充填写的属性' })
  @AnswersContent(open311Body('Open311ServiceDefinitionDto'))
  definition(@Param('code') code: string, @Param('format') f: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    return reply(res, f, () => this.open311.definition(code, q));
  }

  @Get('requests.:format')
  @ApiOperation({ summary: '服务请求（问题）列表：默认最近 90 天，page/page_size 分页' })
  @AnswersContent(open311Body('Open311RequestList'))
  requests(@Param('format') f: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    return reply(res, f, () => this.open311.requests(q));
  }

  @Get('requests/:id.:format')
  @ApiOperation({ summary: '单个服务请求' })
  @AnswersContent(open311Body('Open311RequestList'))
  request(@Param('id') id: string, @Param('format') f: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    return reply(res, f, () => this.open311.request(id, q));
  }

  @RateLimit('open311-write')
  @Post('requests.:format')
  @ApiOperation({
    summary: '提交问题：表单字段 api_key、service_code、lat/long 或 address_string、description、media_url、attribute[code]…',
  })
  @AnswersContent(open311Body('Open311RequestCreatedList'), { status: 201 })
  create(
    @Caller() caller: Open311Caller,
    @Param('format') f: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return reply(res, f, () => this.open311.create(caller, body ?? {}, key), 201);
  }
}
