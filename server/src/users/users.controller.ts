import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@xc/shared';
import { Roles } from '../auth/auth.decorators.js';
import { CreateUserDto, UpdateUserDto } from './dto/users.dto.js';
import { UsersAdminService } from './users-admin.service.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly admin: UsersAdminService) {}

  @Roles('admin') @Post('v1/admin/users')
  create(@Body() dto: CreateUserDto): Promise<UserDto> { return this.admin.create(dto); }

  @Roles('admin') @Patch('v1/admin/users/:id')
  update(@Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserDto> { return this.admin.update(id, dto); }
}
