import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditPageDto, ConsentDto, PolicyDto, ReporterContactDto, UserDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { notFound } from '../common/app-error.js';
import { AccountService } from './account.service.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto, ConsentBodyDto, PhoneBodyDto, PublishPolicyDto } from './dto/privacy.dto.js';
import { PoliciesService } from './policies.service.js';
import { Answers, AnswersNothing } from '../common/openapi.js';

const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('问题不存在') });

@ApiTags('privacy')
@Controller()
export class PrivacyController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly account: AccountService,
    private readonly audit: AuditService,
  ) {}

  @Public()
  @Get('v1/policies/privacy')
  @Answers('PolicyDto')
  privacy(): Promise<PolicyDto> {
    return this.policies.current('privacy');
  }

  @Public()
  @Get('v1/policies/terms')
  @Answers('PolicyDto')
  terms(): Promise<PolicyDto> {
    return this.policies.current('terms');
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('v1/admin/policies')
  @Answers('PolicyDto', { status: 201 })
  publish(@CurrentActor() actor: Actor, @Body() dto: PublishPolicyDto): Promise<PolicyDto> {
    return this.policies.publish(actor, dto);
  }

  @ApiBearerAuth()
  @Post('v1/me/consents')
  @Answers('ConsentDto', { status: 201 })
  consent(@CurrentActor() actor: Actor, @Body() dto: ConsentBodyDto): Promise<ConsentDto> {
    return this.policies.accept(actor, dto.policyVersion);
  }

  @ApiBearerAuth()
  @Put('v1/me/phone')
  @Answers('UserDto')
  phone(@CurrentActor() actor: Actor, @Body() dto: PhoneBodyDto): Promise<UserDto> {
    return this.account.setPhone(actor, dto);
  }

  @ApiBearerAuth()
  @Get('v1/me/export')
  @Answers('MyDataExportDto')
  export(@CurrentActor() actor: Actor): Promise<Record<string, unknown>> {
    return this.account.export(actor);
  }

  /** 注销账号 (citizens; staff accounts are disabled by an administrator). */
  @ApiBearerAuth()
  @Delete('v1/me')
  @HttpCode(204)
  @AnswersNothing()
  remove(@CurrentActor() actor: Actor): Promise<void> {
    return this.account.delete(actor);
  }

  @ApiBearerAuth()
  @Roles('operator', 'dispatcher', 'inspector', 'handler', 'evaluator', 'admin')
  @Get('v1/cases/:id/reporter-contact')
  @Answers('ReporterContactDto')
  reporterContact(@CurrentActor() actor: Actor, @Param('id', caseId) id: string): Promise<ReporterContactDto> {
    return this.account.reporterContact(actor, id);
  }

  /** The audit log, newest first; there is no route that changes it. */
  @ApiBearerAuth()
  @Roles('admin')
  @Get('v1/admin/audit')
  @Answers('AuditPageDto')
  auditLog(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.page(q);
  }
}
