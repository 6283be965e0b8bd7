import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReplicaReads } from '../database/read-replica.js';
import type { Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import { HttpCache } from '../common/http-cache.js';
import { AdjustmentDto, FiguresDto, PublishDto, RevisionQueryDto, WordingDto } from './dto/evaluations.dto.js';
import { EvaluationsService } from './evaluations.service.js';
import { AuditService } from '../privacy/audit.service.js';
import { rankingWorkbook } from './ranking-xlsx.js';
import { Answers, AnswersContent, wireRef } from '../common/openapi.js';
import type {
  AdjustmentRevokedDto,
  EvaluationDraftDto,
  EvaluationFiguresResultDto,
  EvaluationPublishedDto,
  EvaluationStatusDto,
  EvaluationWordingResultDto,
  PublishedMonthDto,
  RankingDto,
  TrendPointDto,
  UnitScoreDto,
} from '@xc/shared';

function month(m: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw invalid({ month: '月份格式应为 YYYY-MM' });
  return m;
}

@ApiTags('evaluation')
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly audit: AuditService,
  ) {}

  @ApiBearerAuth()
  @Roles('evaluator')
  @Put('v1/evaluations/:month/scores')
  @ApiBody({
    description: '[{unit: "单位名称或 id", score: 85.66}]',
    schema: { type: 'array', items: { type: 'object', properties: { unit: { type: 'string' }, score: { type: 'number' } } } },
  })
  @Answers('EvaluationDraftDto')
  async importScores(@CurrentActor() actor: Actor, @Param('month') m: string, @Body() body: unknown): Promise<EvaluationDraftDto> {
    const result = await this.evaluations.importScores(actor, month(m), body);
    await this.audit.write(actor, 'scores.import', month(m), { rows: Array.isArray(body) ? body.length : 0 });
    return result;
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Put('v1/evaluations/:month/figures')
  @Answers('EvaluationFiguresResultDto')
  figures(@Param('month') m: string, @Body() dto: FiguresDto): Promise<EvaluationFiguresResultDto> {
    return this.evaluations.setFigures(month(m), dto);
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Put('v1/evaluations/:month/wording')
  @ApiOperation({ summary: '导入月份的原通报文字（导语、结尾）' })
  @Answers('EvaluationWordingResultDto')
  wording(@Param('month') m: string, @Body() dto: WordingDto): Promise<EvaluationWordingResultDto> {
    return this.evaluations.setWording(month(m), dto);
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Post('v1/evaluations/:month/compute')
  @HttpCode(200)
  @Answers('EvaluationDraftDto')
  compute(@CurrentActor() actor: Actor, @Param('month') m: string): Promise<EvaluationDraftDto> {
    return this.evaluations.compute(actor, month(m));
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Post('v1/evaluations/:month/deductions')
  @Answers('EvaluationAdjustmentDto', { status: 201 })
  addDeduction(@CurrentActor() actor: Actor, @Param('month') m: string, @Body() dto: AdjustmentDto) {
    return this.evaluations.addAdjustment(actor, month(m), dto);
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Get('v1/evaluations/:month/deductions')
  @Answers(['EvaluationAdjustmentDto'])
  deductions(@Param('month') m: string) {
    return this.evaluations.listAdjustments(month(m));
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Delete('v1/evaluations/:month/deductions/:id')
  @Answers('AdjustmentRevokedDto')
  revoke(@Param('month') m: string, @Param('id') id: string): Promise<AdjustmentRevokedDto> {
    return this.evaluations.revokeAdjustment(month(m), id);
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Post('v1/evaluations/:month/publish')
  @HttpCode(200)
  @Answers('EvaluationPublishedDto')
  publish(@CurrentActor() actor: Actor, @Param('month') m: string, @Body() dto: PublishDto): Promise<EvaluationPublishedDto> {
    return this.evaluations.publish(actor, month(m), dto.reason, dto.publishedAt ? new Date(dto.publishedAt) : undefined);
  }

  @ApiBearerAuth()
  @Roles('evaluator')
  @Get('v1/evaluations/:month')
  @Answers('EvaluationStatusDto')
  status(@Param('month') m: string): Promise<EvaluationStatusDto> {
    return this.evaluations.status(month(m));
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ revalidate: true })
  @Get('v1/rankings')
  @Answers(['PublishedMonthDto'])
  months(): Promise<PublishedMonthDto[]> {
    return this.evaluations.publishedMonths();
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ revalidate: true })
  @Get('v1/rankings/:month')
  @Answers('RankingDto')
  rankings(@Param('month') m: string, @Query() q: RevisionQueryDto): Promise<RankingDto> {
    return this.evaluations.rankings(month(m), q.revision);
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ revalidate: true, immutableByRevision: true })
  @Get('v1/rankings/:month/bulletin')
  @AnswersContent(
    {
      'text/plain': { type: 'string', description: '通报全文（由结构化文档生成）' },
      'application/json': wireRef('BulletinDocument'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { type: 'string', format: 'binary' },
    },
    { description: 'format=text（默认）：通报全文；format=json：通报文档；format=xlsx：排名表格' },
  )
  async bulletin(@Param('month') m: string, @Query() q: RevisionQueryDto, @Res() res: Response): Promise<void> {
    if (q.format === 'xlsx') {
      const file = await rankingWorkbook(await this.evaluations.rankings(month(m), q.revision));
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="ranking-${m}.xlsx"; filename*=UTF-8''${encodeURIComponent(`许昌城市管理考评排名-${m}.xlsx`)}`,
      );
      res.send(file);
      return;
    }
    if (q.format === 'json') {
      res.json(await this.evaluations.bulletinDocument(month(m), q.revision));
      return;
    }
    const text = await this.evaluations.bulletin(month(m), q.revision);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.send(text);
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ revalidate: true, immutableByRevision: true })
  @Get('v1/rankings/:month/units/:unitId')
  @Answers('UnitScoreDto')
  breakdown(@Param('month') m: string, @Param('unitId') unitId: string, @Query() q: RevisionQueryDto): Promise<UnitScoreDto> {
    return this.evaluations.breakdown(month(m), unitId, q.revision);
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ revalidate: true })
  @Get('v1/units/:unitId/trend')
  @Answers(['TrendPointDto'])
  trend(@Param('unitId') unitId: string): Promise<TrendPointDto[]> {
    return this.evaluations.trend(unitId);
  }
}
