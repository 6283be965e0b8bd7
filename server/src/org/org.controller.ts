import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EvaluationGroupDto } from '@xc/shared';
import { Public, Roles } from '../auth/auth.decorators.js';
import { CreateUnitDto, GroupsQueryDto, MoveUnitDto, UpdateUnitDto } from './dto/org.dto.js';
import { OrgService } from './org.service.js';

@ApiTags('reference')
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Public()
  @Get('v1/evaluation-groups')
  groups(@Query() q: GroupsQueryDto): Promise<EvaluationGroupDto[]> {
    return this.org.listGroups(q.month);
  }

  @Public()
  @Get('v1/units/:id')
  unit(@Param('id') id: string) {
    return this.org.getUnit(id);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/units')
  createUnit(@Body() dto: CreateUnitDto) {
    return this.org.createUnit(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('v1/admin/units/:id')
  updateUnit(@Param('id') id: string, @Body() dto: UpdateUnitDto) {
    return this.org.updateUnit(id, dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Put('v1/admin/units/:id/group')
  moveUnit(@Param('id') id: string, @Body() dto: MoveUnitDto) {
    return this.org.moveUnit(id, dto);
  }
}
