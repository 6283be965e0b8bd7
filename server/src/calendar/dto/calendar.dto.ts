import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { NestedEach } from '../../common/validation.js';
import type { CalendarDayBody, DeadlineQuery, PutCalendarBody } from '@xc/shared';

export class CalendarDayDto implements CalendarDayBody {
  @ApiProperty({ example: '2026-02-16' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' }) date: string;
  @ApiProperty({ enum: ['holiday', 'workday'] }) @IsIn(['holiday', 'workday'], { message: 'kind 只能是 holiday 或 workday' }) kind:
    'holiday' | 'workday';
  @ApiProperty({ example: '春节' }) @IsString() @Length(1, 32, { message: '名称长度应为 1–32' }) name: string;
}

export class PutCalendarDto implements PutCalendarBody {
  @ApiProperty({ type: [CalendarDayDto] })
  @ArrayMaxSize(366)
  @NestedEach(() => CalendarDayDto, '每一天须为 {date, kind, name} 对象')
  days: CalendarDayDto[];
}

export class DeadlineQueryDto implements DeadlineQuery {
  @ApiProperty({ example: '2026-11-27T10:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'start 必须是 ISO 8601 时间' })
  start: string;
  @ApiProperty({ example: 4 }) @Type(() => Number) @IsNumber({}, { message: 'value 必须是数字' }) @Min(0) @Max(365) value: number;
  @ApiProperty({ enum: ['hour', 'workhour', 'workday'] })
  @IsIn(['hour', 'workhour', 'workday'], { message: 'unit 只能是 hour、workhour 或 workday' })
  unit: 'hour' | 'workhour' | 'workday';
}
