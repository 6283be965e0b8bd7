import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DivisionDistrictDto, GridDto, LocateDto } from '@xc/shared';
import { Public, Roles } from '../auth/auth.decorators.js';
import { CreateGridDto, LocateQueryDto, UpdateGridDto } from './dto/grids.dto.js';
import { GridsService } from './grids.service.js';
import { Answers } from '../common/openapi.js';

@ApiTags('reference')
@Controller()
export class GridsController {
  constructor(private readonly grids: GridsService) {}

  @Public()
  @Get('v1/grids/locate')
  @Answers('LocateDto')
  locate(@Query() q: LocateQueryDto): Promise<LocateDto> {
    return this.grids.locate(q.lat, q.lng, q.coord);
  }

  /** District → street → community with a point inside each: placing a report by name (H5 手动选择). */
  @Public()
  @Get('v1/divisions')
  @Answers(['DivisionDistrictDto'])
  divisions(): Promise<DivisionDistrictDto[]> {
    return this.grids.divisions();
  }

  @Public()
  @Get('v1/grids/:code')
  @Answers('GridDto')
  get(@Param('code') code: string): Promise<GridDto> {
    return this.grids.get(code);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/grids')
  @Answers('GridDto', { status: 201 })
  create(@Body() dto: CreateGridDto): Promise<GridDto> {
    return this.grids.create(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch('v1/admin/grids/:code')
  @Answers('GridDto')
  update(@Param('code') code: string, @Body() dto: UpdateGridDto): Promise<GridDto> {
    return this.grids.update(code, dto);
  }
}
