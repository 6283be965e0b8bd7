import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Open311KeyCreatedDto, Open311KeyDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateOpen311KeyDto } from './dto/open311-key.dto.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Answers } from '../common/openapi.js';

@ApiTags('open311')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/open311-keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Post()
  @ApiOperation({ summary: '为接入方创建 Open311 api_key（密钥只在此时显示一次）' })
  @Answers('Open311KeyCreatedDto', { status: 201 })
  create(@CurrentActor() admin: Actor, @Body() dto: CreateOpen311KeyDto): Promise<Open311KeyCreatedDto> {
    return this.keys.create(admin, dto.name);
  }

  @Get()
  @ApiOperation({ summary: 'Open311 api_key 列表（不含密钥）' })
  @Answers(['Open311KeyDto'])
  list(): Promise<Open311KeyDto[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: '停用 api_key，立即生效' })
  @Answers('Open311KeyDto')
  revoke(@Param('id') id: string): Promise<Open311KeyDto> {
    return this.keys.revoke(id);
  }
}
