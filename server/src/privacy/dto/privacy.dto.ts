import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Nullable } from '../../common/validation.js';
import type { ConsentBody, PhoneBody, PublishPolicyBody } from '@xc/shared';

export const AUDIT_ACTIONS = ['reporter.reveal', 'me.export', 'account.delete', 'user.roles', 'scores.import', 'policy.publish'] as const;

export class ConsentBodyDto implements ConsentBody {
  @ApiProperty({ description: '同意的隐私政策版本（GET /policies/privacy 的 version）' })
  @IsString()
  @Length(1, 32, { message: '政策版本不正确' })
  policyVersion: string;
}

export class PhoneBodyDto implements PhoneBody {
  @ApiPropertyOptional({ description: '微信手机号按钮（getPhoneNumber）给出的 code' })
  @IsOptional()
  @IsString()
  @Length(1, 128, { message: '授权码不正确' })
  code?: string;
  @ApiPropertyOptional({ nullable: true, description: '手动填写的手机号；null：删除手机号' })
  @Nullable()
  @IsOptional()
  @IsString()
  @MaxLength(20, { message: '请输入 11 位手机号码' })
  phone?: string | null;
}

export class PublishPolicyDto implements PublishPolicyBody {
  @ApiProperty({ enum: ['privacy', 'terms'] }) @IsIn(['privacy', 'terms'], { message: '只能是 privacy 或 terms' }) kind:
    'privacy' | 'terms';
  @ApiProperty({ example: '2027-01-01' })
  @Matches(/^[0-9A-Za-z._-]{1,32}$/, { message: '版本号只能包含字母、数字和 ._-，最多 32 位' })
  version: string;
  @ApiProperty() @IsString() @Length(1, 100, { message: '标题长度应为 1–100' }) title: string;
  @ApiProperty() @IsString() @Length(1, 20000, { message: '正文长度应为 1–20000' }) body: string;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ description: '操作人用户 id' }) @IsOptional() @IsString() @MaxLength(36) actor?: string;
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS, { message: '操作类型不正确' }) action?: string;
  @ApiPropertyOptional({ description: '起始时间（含），2026-11-30 或 ISO 8601' }) @IsOptional() @IsString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ description: '截止时间（不含）' }) @IsOptional() @IsString() @MaxLength(40) to?: string;
  @ApiPropertyOptional({ description: '上一页的 nextCursor' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor 不正确' })
  cursor?: string;
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1)
  @Max(200)
  limit?: number;
}
