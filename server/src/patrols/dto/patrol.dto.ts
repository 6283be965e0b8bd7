import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import type { FinishPatrolBody, PatrolPointBody, StartPatrolBody } from '@xc/shared';

const ISO_WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

export class StartPatrolDto implements StartPatrolBody {
  @ApiPropertyOptional({ example: '2026-11-27T08:30:00+08:00', description: '设备时间；离线开始、稍后上传时填写，默认服务器当前时间' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startedAt 应为带时区的 ISO 8601 时间' })
  @Matches(ISO_WITH_OFFSET, { message: 'startedAt 应为带时区的 ISO 8601 时间' })
  startedAt?: string;
}

export class FinishPatrolDto implements FinishPatrolBody {
  @ApiPropertyOptional({ example: '2026-11-27T10:05:00+08:00', description: '设备时间，默认服务器当前时间' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'finishedAt 应为带时区的 ISO 8601 时间' })
  @Matches(ISO_WITH_OFFSET, { message: 'finishedAt 应为带时区的 ISO 8601 时间' })
  finishedAt?: string;
}

export class PatrolPointDto implements PatrolPointBody {
  @ApiProperty({ example: '2026-11-27T08:31:05+08:00', description: '设备定位时间：带时区的 ISO 8601，或毫秒时间戳' }) t: string;
  @ApiProperty({ example: 34.03 }) lat: number;
  @ApiProperty({ example: 113.815 }) lng: number;
  @ApiPropertyOptional({ example: 8, description: '定位精度（米）' }) accuracy?: number;
}

export class PointsQueryDto {
  @ApiPropertyOptional({ enum: ['wgs84', 'gcj02'], description: '点位坐标系，默认 WGS84' })
  @IsOptional()
  @IsIn(['wgs84', 'gcj02'], { message: 'coord 只能是 wgs84 或 gcj02' })
  coord?: 'wgs84' | 'gcj02';
}

export class WeekQueryDto {
  @ApiPropertyOptional({ example: '2026-W48', description: 'ISO 周，默认本周' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-W\d{2}$/, { message: '周的格式应为 YYYY-Www，如 2026-W48' })
  week?: string;
}

export class ComplianceQueryDto extends WeekQueryDto {
  @ApiPropertyOptional({ description: '只看该单位辖区（街道或区）内的网格员，并给出单位达标率' })
  @IsOptional()
  @IsString()
  unitId?: string;
}
