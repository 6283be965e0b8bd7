import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { StaffDto, UserDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { CreateUserDto, StaffQueryDto, UpdateUserDto } from './dto/users.dto.js';
import { UsersService } from './users.service.js';
import { UsersAdminService } from './users-admin.service.js';
import { Answers } from '../common/openapi.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly admin: UsersAdminService,
    private readonly users: UsersService,
  ) {}

  @Roles('inspector', 'operator', 'dispatcher', 'handler', 'evaluator', 'admin')
  @Get('v1/staff')
  @Answers(['StaffDto'])
  staff(@Query() q: StaffQueryDto): Promise<StaffDto[]> {
    return this.users.staff(q);
  }

  @Roles('admin')
  @Post('v1/admin/users')
  @Answers('UserDto', { status: 201 })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.admin.create(dto, actor);
  }

  @Roles('admin')
  @Patch('v1/admin/users/:id')
  @Answers('UserDto')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.admin.update(actor, id, dto);
  }
}
