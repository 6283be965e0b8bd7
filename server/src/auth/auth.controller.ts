import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { AuthTokensDto, UserDto } from '@xc/shared';
import { RateLimit } from '../rate-limit/rate-limit.decorators.js';
import { AccountService } from '../privacy/account.service.js';
import type { Actor } from './actor.js';
import { CurrentActor, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { DemoLoginDto, RefreshDto, WechatLoginDto } from './dto/auth.dto.js';
import { Answers, AnswersNothing } from '../common/openapi.js';

@ApiTags('accounts')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
  ) {}

  @Public()
  @RateLimit('login')
  @Post('v1/auth/wechat')
  @HttpCode(200)
  @Answers('AuthTokensDto')
  wechat(@Body() dto: WechatLoginDto): Promise<AuthTokensDto> {
    return this.auth.loginWithWechat(dto.code);
  }

  /** The body is validated by the service, after the demo-mode check (404 for every body when off). */
  @Public()
  @RateLimit('login')
  @Post('v1/auth/demo')
  @HttpCode(200)
  @ApiBody({ type: DemoLoginDto })
  @Answers('AuthTokensDto')
  demo(@Body() body: Record<string, unknown>): Promise<AuthTokensDto> {
    return this.auth.loginAsDemo(body);
  }

  @Public()
  @RateLimit('login')
  @Post('v1/auth/refresh')
  @HttpCode(200)
  @Answers('AuthTokensDto')
  refresh(@Body() dto: RefreshDto): Promise<AuthTokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  /** Ends this sign-in: its refresh token and every access token issued so far stop working. */
  @ApiBearerAuth()
  @Post('v1/auth/logout')
  @HttpCode(204)
  @AnswersNothing()
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  /** 退出所有设备: every sign-in of the caller ends at once. */
  @ApiBearerAuth()
  @Post('v1/auth/logout-all')
  @HttpCode(204)
  @AnswersNothing()
  logoutEverywhere(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logoutEverywhere(actor);
  }

  @ApiBearerAuth()
  @Get('v1/me')
  @Answers('UserDto')
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.account.me(actor);
  }
}
