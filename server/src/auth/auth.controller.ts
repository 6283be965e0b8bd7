import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthTokensDto, UserDto } from '@xc/shared';
import { UsersService } from '../users/users.service.js';
import type { Actor } from './actor.js';
import { CurrentActor, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { DemoLoginDto, RefreshDto, WechatLoginDto } from './dto/auth.dto.js';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('v1/auth/wechat')
  @HttpCode(200)
  wechat(@Body() dto: WechatLoginDto): Promise<AuthTokensDto> {
    return this.auth.loginWithWechat(dto.code);
  }

  @Public()
  @Post('v1/auth/demo')
  @HttpCode(200)
  demo(@Body() dto: DemoLoginDto): Promise<AuthTokensDto> {
    return this.auth.loginAsDemo(dto.username);
  }

  @Public()
  @Post('v1/auth/refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<AuthTokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Get('v1/me')
  async me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.toDto(await this.users.get(actor.id));
  }
}
