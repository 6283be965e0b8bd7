import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { THEMES, type Theme, type TimeLimitUnit } from '@xc/shared';
import { Nested } from '../../common/validation.js';
import type { CreateCategoryBody, TimeLimitBody, UpdateCategoryBody } from '@xc/shared';

export class TimeLimitDto implements TimeLimitBody {
  @ApiProperty({ example: 4 })
  @IsNumber({}, { message: '时限必须是数字' })
  @Min(0.5, { message: '时限至少 0.5' })
  @Max(365, { message: '时限过大' })
  value: number;
  @ApiProperty({ enum: ['hour', 'workhour', 'workday'] })
  @IsIn(['hour', 'workhour', 'workday'], { message: '时限单位只能是 hour、workhour 或 workday' })
  unit: TimeLimitUnit;
}

export class CreateCategoryDto implements CreateCategoryBody {
  @ApiProperty({ example: '100120', description: '6 位 CJ/T 214 编码，前 4 位为大类' })
  @Matches(/^(10|20)\d{4}$/, { message: '类别编码必须是 10 或 20 开头的 6 位数字' })
  code: string;
  @ApiProperty() @IsString() @Length(1, 64, { message: '类别名称长度应为 1–64' }) name: string;
  @ApiProperty({ enum: THEMES }) @IsIn(THEMES, { message: '主题不正确' }) theme: Theme;
  @ApiProperty({ type: TimeLimitDto }) @Nested(() => TimeLimitDto, 'timeLimit 须为 {value, unit} 对象') timeLimit: TimeLimitDto;
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsInt() @Min(5) @Max(2000) duplicateRadiusM?: number;
}

export class UpdateCategoryDto implements UpdateCategoryBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64, { message: '类别名称长度应为 1–64' }) name?: string;
  @ApiPropertyOptional({ enum: THEMES }) @IsOptional() @IsIn(THEMES, { message: '主题不正确' }) theme?: Theme;
  @ApiPropertyOptional({ type: TimeLimitDto })
  @IsOptional()
  @Nested(() => TimeLimitDto, 'timeLimit 须为 {value, unit} 对象')
  timeLimit?: TimeLimitDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(5) @Max(2000) duplicateRadiusM?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
