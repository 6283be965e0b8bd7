import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MANUAL_ITEMS, type ManualItem } from '../rules/scoring.js';
import type { AdjustmentBody, EvaluationFiguresBody, EvaluationWordingBody, PublishEvaluationBody } from '@xc/shared';

export class AdjustmentDto implements AdjustmentBody {
  @ApiProperty() @IsString() @Length(1, 32) unitId: string;
  @ApiProperty({ enum: MANUAL_ITEMS }) @IsIn(MANUAL_ITEMS, { message: '考评项只能是 明察暗访、专项整治 或 指导调度' }) item: ManualItem;
  @ApiProperty({ example: -2, description: '扣分为负，加分为正' })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '分值必须是最多两位小数的数字' })
  @Min(-100)
  @Max(100)
  points: number;
  @ApiProperty({ example: '暗访发现七一路主干道暴露垃圾未及时清理' })
  @IsString()
  @Length(4, 500, { message: '原因应为 4–500 字' })
  reason: string;
  @ApiPropertyOptional({ type: [String], description: '证据：照片 id 或说明' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  evidence?: string[];
}

export class PublishDto implements PublishEvaluationBody {
  @ApiPropertyOptional({ description: '更正已发布的月份时必填：更正原因' })
  @IsOptional()
  @IsString()
  @Length(4, 500, { message: '更正原因应为 4–500 字' })
  reason?: string;
  @ApiPropertyOptional({ description: '导入的月份：原通报的发布时间（如 2023-03-13T09:00:00+08:00）' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'publishedAt 必须是 ISO 8601 时间' })
  publishedAt?: string;
}

export class FiguresDto implements EvaluationFiguresBody {
  @ApiProperty({ example: 35395 }) @IsInt({ message: '上报数必须是整数' }) @Min(0) reported: number;
  @ApiProperty({ example: 0.8841 }) @IsNumber({}, { message: '结案率必须是 0–1 之间的数字' }) @Min(0) @Max(1) closureRate: number;
}

export class WordingDto implements EvaluationWordingBody {
  @ApiProperty({ description: '通报导语，每段一项（原文照录）', type: [String] })
  @IsArray({ message: '导语须为段落数组' })
  @ArrayMinSize(1, { message: '请至少填写一段导语' })
  @ArrayMaxSize(20, { message: '导语最多 20 段' })
  @IsString({ each: true, message: '每段导语须为文字' })
  @Length(1, 5000, { each: true, message: '每段导语应为 1–5000 字' })
  paragraphs: string[];
  @ApiProperty({ description: '通报结尾，每段一项', type: [String] })
  @IsArray({ message: '结尾须为段落数组' })
  @ArrayMaxSize(10, { message: '结尾最多 10 段' })
  @IsString({ each: true, message: '每段结尾须为文字' })
  @Length(1, 5000, { each: true, message: '每段结尾应为 1–5000 字' })
  closing: string[];
}

export class RevisionQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'revision 必须是整数' }) @Min(1) revision?: number;
  @ApiPropertyOptional({ enum: ['text', 'json', 'xlsx'] })
  @IsOptional()
  @IsIn(['text', 'json', 'xlsx'], { message: 'format 只能是 text、json 或 xlsx' })
  format?: 'text' | 'json' | 'xlsx';
}
