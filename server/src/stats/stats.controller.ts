import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { MonthlyStatsDto } from '@xc/shared';
import { Public } from '../auth/auth.decorators.js';
import { HttpCache } from '../common/http-cache.js';
import { cityMonthOf } from '../common/month.js';
import { StatsService } from './stats.service.js';
import { Answers } from '../common/openapi.js';

export class MonthlyQueryDto {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month 格式应为 YYYY-MM' })
  month?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 16) groupCode?: string;
  @ApiPropertyOptional({ description: '统计截止时间，默认为该月月底' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'cutoff 必须是 ISO 8601 时间' })
  cutoff?: string;
}

@ApiTags('figures')
@Controller()
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Public()
  @HttpCache({ seconds: 5 })
  @Get('v1/stats/monthly')
  @Answers('MonthlyStatsDto')
  monthly(@Query() q: MonthlyQueryDto): Promise<MonthlyStatsDto> {
    return this.stats.monthly(
      q.month ?? cityMonthOf(),
      { unitId: q.unitId, groupCode: q.groupCode },
      q.cutoff ? new Date(q.cutoff) : undefined,
    );
  }
}
