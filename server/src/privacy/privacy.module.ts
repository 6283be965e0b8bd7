import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { MediaModule } from '../media/media.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { Open311Module } from '../open311/open311.module.js';
import { PatrolsModule } from '../patrols/patrols.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountService } from './account.service.js';
import { AuditService } from './audit.service.js';
import { ConsentGuard } from './consent.guard.js';
import { PoliciesService } from './policies.service.js';
import { PrivacyController } from './privacy.controller.js';
import { AuditEntry, Consent, PolicyVersion } from './privacy.entities.js';
import { RetentionService } from './retention.service.js';
import { WechatPhoneClient } from './wechat-phone.client.js';

/** Consent to the policies, the audit log, a user's own data (export, deletion) and retention. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PolicyVersion, Consent, AuditEntry]),
    forwardRef(() => AuthModule),
    forwardRef(() => UsersModule),
    forwardRef(() => CasesModule),
    MediaModule,
    NotificationsModule,
    forwardRef(() => Open311Module),
    PatrolsModule,
  ],
  controllers: [PrivacyController],
  providers: [AuditService, PoliciesService, AccountService, WechatPhoneClient, RetentionService, ConsentGuard],
  exports: [AuditService, AccountService, ConsentGuard],
})
export class PrivacyModule {}
