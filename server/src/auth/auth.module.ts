import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthStateService } from './auth-state.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RefreshTokensJob } from './refresh-tokens.job.js';
import { WechatClient } from './wechat.client.js';

/** Sign-in, tokens and the per-request token state. AuthGuard is installed globally by AppModule. */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken]), forwardRef(() => UsersModule), forwardRef(() => PrivacyModule)],
  controllers: [AuthController],
  providers: [WechatClient, AuthStateService, AuthService, AuthGuard, RefreshTokensJob],
  exports: [WechatClient, AuthStateService, AuthService, AuthGuard],
})
export class AuthModule {}
