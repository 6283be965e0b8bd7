import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import { JOB_QUEUE, JOB_STATES, type JobQueue, type JobState } from './job-queue.js';
import { Answers } from '../common/openapi.js';
import type { JobsDto } from '@xc/shared';

@ApiTags('service')
@Controller()
export class JobsController {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  /** Background jobs in one state, newest first (failed ones keep their reason and tries). */
  @ApiBearerAuth()
  @Roles('admin')
  @Get('v1/admin/jobs')
  @ApiQuery({ name: 'state', enum: JOB_STATES, required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @Answers('JobsDto')
  async list(@Query('state') state = 'failed', @Query('limit') limit = '100'): Promise<JobsDto> {
    if (!(JOB_STATES as readonly string[]).includes(state)) throw invalid({ state: `任务状态只能是 ${JOB_STATES.join('、')} 之一` });
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw invalid({ limit: '数量须为 1 到 500 之间的整数' });
    return { queue: this.queue.kind, state: state as JobState, items: await this.queue.list(state as JobState, n) };
  }
}
