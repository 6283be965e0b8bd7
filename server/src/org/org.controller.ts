import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EvaluationGroupDto } from '@xc/shared';
import { Public, Roles } from '../auth/auth.decorators.js';
import { CreateUnitDto, GroupsQueryDto, MoveUnitDto, UpdateUnitDto } from './dto/org.dto.js';
import { OrgService } from './org.service.js';
import { Answers } from '../common/openapi.js';
import type { UnitDto, UnitGroupMoveDto } from '@xc/shared';

@ApiTags('reference')
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Public()
  @Get('v1/evaluation-groups')
  @Answers(['EvaluationGroupDto'])
  groups(@Query() q: GroupsQueryDto): Promise<EvaluationGroupDto[]> {
    return this.org.listGroups(q.month);
  }

  @Public()
  @Get('v1/units/:id')
  @Answers('UnitDto')
  unit(@Param('id') id: string): Promise<UnitDto> {
    return this.org.getUnit(id);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/units')
  @Answers('UnitDto', { status: 201 })
  createUnit(@Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.org.createUnit(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('v1/admin/units/:id')
  @Answers('UnitDto')
  updateUnit(@Param('id') id: string, @Body() dto: UpdateUnitDto): Promise<UnitDto> {
    return this.org.updateUnit(id, dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Put('v1/admin/units/:id/group')
  @Answers('UnitGroupMoveDto')
  moveUnit(@Param('id') id: string, @Body() dto: MoveUnitDto): Promise<UnitGroupMoveDto> {
    return this.org.moveUnit(id, dto);
  }
}
