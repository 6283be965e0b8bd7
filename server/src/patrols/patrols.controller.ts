import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES, type MyPatrolWeekDto, type PatrolComplianceDto, type PatrolDto, type PatrolPointsResultDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { notFound } from '../common/app-error.js';
import { ComplianceQueryDto, FinishPatrolDto, PatrolPointDto, PointsQueryDto, StartPatrolDto, WeekQueryDto } from './dto/patrol.dto.js';
import { PatrolComplianceService } from './patrol-compliance.service.js';
import { PatrolsService } from './patrols.service.js';
import { RequiresConsent } from '../privacy/consent.guard.js';
import { Answers } from '../common/openapi.js';

const patrolId = new ParseUUIDPipe({ exceptionFactory: () => notFound('巡查不存在') });

@ApiTags('patrols')
@ApiBearerAuth()
@Controller()
export class PatrolsController {
  constructor(
    private readonly patrols: PatrolsService,
    private readonly compliance: PatrolComplianceService,
  ) {}

  // Fixed paths before `:id`.
  @Roles(...STAFF_ROLES)
  @Get('v1/patrols/compliance')
  @Answers('PatrolComplianceDto')
  weekly(@CurrentActor() actor: Actor, @Query() q: ComplianceQueryDto): Promise<PatrolComplianceDto> {
    return this.compliance.weekly(actor, q);
  }

  @Roles('inspector')
  @Get('v1/patrols/mine/week')
  @Answers('MyPatrolWeekDto')
  mine(@CurrentActor() actor: Actor, @Query() q: WeekQueryDto): Promise<MyPatrolWeekDto> {
    return this.compliance.mine(actor, q.week);
  }

  @Roles('inspector')
  @Post('v1/patrols')
  @RequiresConsent()
  @Answers('PatrolDto', { status: 201 })
  start(@CurrentActor() actor: Actor, @Body() dto: StartPatrolDto): Promise<PatrolDto> {
    return this.patrols.start(actor, dto);
  }

  /** The body is an array, read by hand (points-input.ts): the global pipe does not validate arrays. */
  @Roles('inspector')
  @Post('v1/patrols/:id/points')
  @RequiresConsent()
  @HttpCode(200)
  @ApiBody({ type: [PatrolPointDto] })
  @Answers('PatrolPointsResultDto')
  points(
    @CurrentActor() actor: Actor,
    @Param('id', patrolId) id: string,
    @Body() body: unknown,
    @Query() q: PointsQueryDto,
  ): Promise<PatrolPointsResultDto> {
    return this.patrols.addPoints(actor, id, body, q.coord);
  }

  @Roles('inspector')
  @Post('v1/patrols/:id/finish')
  @RequiresConsent()
  @HttpCode(200)
  @Answers('PatrolDto')
  finish(@CurrentActor() actor: Actor, @Param('id', patrolId) id: string, @Body() dto: FinishPatrolDto): Promise<PatrolDto> {
    return this.patrols.finish(actor, id, dto);
  }

  @Roles('inspector')
  @Get('v1/patrols/:id')
  @Answers('PatrolDto')
  get(@CurrentActor() actor: Actor, @Param('id', patrolId) id: string): Promise<PatrolDto> {
    return this.patrols.get(actor, id);
  }
}
