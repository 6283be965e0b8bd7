import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ListCasesQuery } from '@xc/shared';

export const CASE_SCOPES = ['mine', 'todo', 'public', 'all'] as const;

export class ListCasesQueryDto implements ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_SCOPES, default: 'public' })
  @IsOptional()
  @IsIn(CASE_SCOPES, { message: 'scope 只能是 mine、todo、public 或 all' })
  scope?: (typeof CASE_SCOPES)[number];
  @ApiPropertyOptional({ description: '逗号分隔的状态' })
  @IsOptional()
  @Matches(/^[a-z]+(,[a-z]+)*$/, { message: 'status 格式不正确' })
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) unitId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{15}$/, { message: '网格编码必须是 15 位数字' }) gridCode?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4,6}$/, { message: '类别编码格式不正确' }) categoryCode?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue 只能是 true 或 false' })
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'minLng,minLat,maxLng,maxLat（WGS84）' })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'bbox 格式应为 minLng,minLat,maxLng,maxLat' })
  bbox?: string;
  @ApiPropertyOptional({ description: 'lat,lng（WGS84）：按距离由近到远' })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, { message: 'near 格式应为 lat,lng' })
  near?: string;
  @ApiPropertyOptional({ description: '与 near 同用，米' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'radius 必须是整数' })
  @Min(10)
  @Max(20000)
  radius?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1)
  @Max(100)
  limit?: number;
}
