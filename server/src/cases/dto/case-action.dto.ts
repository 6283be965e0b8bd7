import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CASE_ACTIONS, type CaseAction } from '@xc/shared';
import { LocationDto } from './create-case.dto.js';
import type { CaseActionBody } from '@xc/shared';

export class CaseActionDto implements CaseActionBody {
  @ApiProperty({ enum: CASE_ACTIONS }) @IsIn(CASE_ACTIONS, { message: '未知的操作' }) action: CaseAction;
  @ApiProperty({ description: '案件当前版本号（乐观锁）' }) @IsInt({ message: 'version 必须是整数' }) @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500, { message: '说明不超过 500 字' }) note?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9, { message: '最多 9 张照片' })
  @IsString({ each: true })
  mediaIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 36) inspectorId?: string;
  @ApiPropertyOptional({ enum: ['invalid', 'duplicate', 'out_of_scope'] })
  @IsOptional()
  @IsIn(['invalid', 'duplicate', 'out_of_scope'], { message: '不予立案原因只能是 invalid、duplicate 或 out_of_scope' })
  reason?: 'invalid' | 'duplicate' | 'out_of_scope';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 36) duplicateOf?: string;
  @ApiPropertyOptional({ description: '申请延期的新期限' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadline 必须是 ISO 8601 时间' })
  deadline?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'passed 必须是布尔值' }) passed?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt({ message: '评分必须是 1–5 的整数' })
  @Min(1, { message: '评分必须是 1–5 的整数' })
  @Max(5, { message: '评分必须是 1–5 的整数' })
  rating?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500, { message: '评价不超过 500 字' }) comment?: string;
  @ApiPropertyOptional({ description: '立案（案件尚无类别时必填）、派遣时确定或更正问题类别；修改类别（recategorize）必填' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '类别编码必须是 6 位数字' })
  categoryCode?: string;
  @ApiPropertyOptional({ type: LocationDto, description: '核实时现场定位（只有地址的上报，核实属实时必填）' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;
}
