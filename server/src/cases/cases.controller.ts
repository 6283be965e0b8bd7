import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ReplicaReads } from '../database/read-replica.js';
import type { CaseCountsDto, CaseDto, CaseSummaryDto, DefaultInspectorDto, Page } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, OptionalActor, Public, Roles } from '../auth/auth.decorators.js';
import { notFound } from '../common/app-error.js';
import { HttpCache } from '../common/http-cache.js';
import { RateLimit } from '../rate-limit/rate-limit.decorators.js';
import { CaseActionsService } from './case-actions.service.js';
import { CasesService } from './cases.service.js';
import { CaseActionDto } from './dto/case-action.dto.js';
import { CreateCaseDto, DuplicatesQueryDto } from './dto/create-case.dto.js';
import { ListCasesQueryDto } from './dto/list-cases.dto.js';
import { RequiresConsent } from '../privacy/consent.guard.js';
import { Answers } from '../common/openapi.js';

const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('问题不存在') });

@ApiTags('cases')
@Controller()
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly actions: CaseActionsService,
  ) {}

  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '同一用户同一个键只会创建一个案件' })
  @Post('v1/cases')
  @RequiresConsent()
  @RateLimit('report')
  @Answers('CaseDto', { status: 201 })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto, @Headers('idempotency-key') key?: string): Promise<CaseDto> {
    return this.cases.create(actor, dto, key);
  }

  @Public()
  @Get('v1/cases/duplicates')
  @Answers(['CaseSummaryDto'])
  duplicates(@Query() q: DuplicatesQueryDto): Promise<CaseSummaryDto[]> {
    return this.cases.duplicates(q);
  }

  @Public()
  @ReplicaReads()
  @Get('v1/cases/counts')
  @Answers('CaseCountsDto')
  counts(@OptionalActor() viewer: Actor | null, @Query() q: ListCasesQueryDto): Promise<CaseCountsDto> {
    return this.cases.counts(viewer, q);
  }

  @Public()
  @ReplicaReads()
  @HttpCache({ seconds: 3, anonymousOnly: true })
  @Get('v1/cases')
  @Answers('CaseSummaryPage')
  list(@OptionalActor() viewer: Actor | null, @Query() q: ListCasesQueryDto): Promise<Page<CaseSummaryDto>> {
    return this.cases.list(viewer, q);
  }

  @Public()
  @Get('v1/cases/:id')
  @Answers('CaseDto')
  get(@OptionalActor() viewer: Actor | null, @Param('id', caseId) id: string): Promise<CaseDto> {
    return this.cases.get(viewer, id);
  }

  /** Whom 派发核实/派发核查 sends to when no one is named: the grid's, the street's or the district's inspector. */
  @ApiBearerAuth()
  @Roles('operator')
  @Get('v1/cases/:id/default-inspector')
  @Answers('DefaultInspectorDto')
  defaultInspector(@Param('id', caseId) id: string): Promise<DefaultInspectorDto> {
    return this.actions.defaultInspector(id);
  }

  /** The body is validated by the service, after 404 and 403 (the contract's precedence). */
  @ApiBearerAuth()
  @Post('v1/cases/:id/actions')
  @RequiresConsent('citizens')
  @RateLimit('action')
  @HttpCode(200)
  @ApiBody({ type: CaseActionDto })
  @Answers('CaseDto')
  act(@CurrentActor() actor: Actor, @Param('id', caseId) id: string, @Body() body: Record<string, unknown>): Promise<CaseDto> {
    return this.actions.act(actor, id, body);
  }
}
