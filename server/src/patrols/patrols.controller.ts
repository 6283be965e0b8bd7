import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES, type MyPatrolWeekDto, type PatrolComplianceDto, type PatrolDto, type PatrolPointsResultDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { notFound } from '../common/app-error.js';
import { ComplianceQueryDto, FinishPatrolDto, PatrolPointDto, PointsQueryDto, StartPatrolDto, WeekQueryDto } from './dto/patrol.dto.js';
import { PatrolComplianceService } from './patrol-compliance.service.js';
import { PatrolsService } from './patrols.service.js';
import { RequiresConsent } from '../privacy/consent.guard.js';
import { Answers } from '../common/openapi.js';
import { createValidationPipe } from '../common/validation.js';

const patrolId = new ParseUUIDPipe({ exceptionFactory: () => notFound('巡查不存在') });
/** The global pipe's rules, run by hand for the points query when it is not empty. */
const queryPipe = createValidationPipe();
const POINTS_QUERY = { type: 'query', metatype: PointsQueryDto, data: undefined } as const;

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

  /**
   * The body is an array, read by hand (points-input.ts): the global pipe does not validate arrays.
   * The query is typed loosely so that the global pipe passes it through: the usual empty one costs
   * nothing, any other goes through the same pipe here (same rules, same 400) — class-validator on
   * every request was ~4 % of this hot route's CPU.
   */
  @Roles('inspector')
  @Post('v1/patrols/:id/points')
  @RequiresConsent()
  @HttpCode(200)
  @ApiBody({ type: [PatrolPointDto] })
  @ApiQuery({ name: 'coord', required: false, enum: ['wgs84', 'gcj02'], description: '点位坐标系，默认 WGS84' })
  @Answers('PatrolPointsResultDto')
  async points(
    @CurrentActor() actor: Actor,
    @Param('id', patrolId) id: string,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ): Promise<PatrolPointsResultDto> {
    const coord = Object.keys(query).length ? ((await queryPipe.transform(query, POINTS_QUERY)) as PointsQueryDto).coord : undefined;
    return this.patrols.addPoints(actor, id, body, coord);
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
