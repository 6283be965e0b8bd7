import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import { CalendarService } from './calendar.service.js';
import { DeadlineQueryDto, PutCalendarDto } from './dto/calendar.dto.js';
import { Answers } from '../common/openapi.js';
import type { CalendarYearDto, DeadlinePreviewDto } from '@xc/shared';

const yearPipe = new ParseIntPipe({ exceptionFactory: () => invalid({ year: '年份必须是数字' }) });

@ApiTags('reference')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** Deadline preview: what `dispatch` would set for a time limit starting at `start`. */
  @Public()
  @Get('v1/calendar/deadline')
  @Answers('DeadlinePreviewDto')
  async deadline(@Query() q: DeadlineQueryDto): Promise<DeadlinePreviewDto> {
    const deadline = await this.calendar.deadline(new Date(q.start), q.value, q.unit);
    return { start: new Date(q.start).toISOString(), value: q.value, unit: q.unit, deadline: deadline.toISOString() };
  }

  @Public()
  @Get('v1/calendar/:year')
  @Answers('CalendarYearDto')
  async year(@Param('year', yearPipe) year: number): Promise<CalendarYearDto> {
    return { year, days: (await this.calendar.year(year)).map(({ date, kind, name, status }) => ({ date, kind, name, status })) };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Put('v1/admin/calendar/:year')
  @Answers('CalendarYearDto')
  async put(@Param('year', yearPipe) year: number, @Body() dto: PutCalendarDto): Promise<CalendarYearDto> {
    if (year < 2000 || year > 2100) throw invalid({ year: '年份超出范围' });
    const days = await this.calendar.replaceYear(year, dto.days);
    return { year, days: days.map(({ date, kind, name, status }) => ({ date, kind, name, status })) };
  }
}
