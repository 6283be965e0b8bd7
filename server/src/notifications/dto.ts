import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ReadMessagesBody, SubscriptionsBody } from '@xc/shared';

export class ListMessagesQueryDto {
  @ApiPropertyOptional({ description: '上一页最后一条消息的 id' })
  @IsOptional()
  @IsString({ message: 'cursor 必须是字符串' })
  @MaxLength(20, { message: 'cursor 无效，请从第一页重新加载' })
  cursor?: string;
  @ApiPropertyOptional({ default: 20, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1, { message: 'limit 至少为 1' })
  @Max(50, { message: 'limit 最多为 50' })
  limit?: number;
}

export class ReadMessagesDto implements ReadMessagesBody {
  @ApiPropertyOptional({ type: [String], description: '要标记为已读的消息 id' })
  @IsOptional()
  @IsArray({ message: 'ids 必须是数组' })
  @ArrayMaxSize(200, { message: '一次最多标记 200 条' })
  @Matches(/^\d{1,12}$/, { each: true, message: '消息 id 格式不正确' })
  ids?: string[];
  @ApiPropertyOptional({ description: 'true：全部标记为已读' })
  @IsOptional()
  @IsBoolean({ message: 'all 只能是 true 或 false' })
  all?: boolean;
}

export class SubscriptionsDto implements SubscriptionsBody {
  @ApiProperty({ type: [String], description: '用户在 wx.requestSubscribeMessage 中同意的模板 id' })
  @IsArray({ message: 'accepted 必须是数组' })
  @ArrayMaxSize(10, { message: '一次最多 10 个模板' })
  @IsString({ each: true, message: '模板 id 必须是字符串' })
  @MaxLength(64, { each: true, message: '模板 id 过长' })
  accepted: string[];
}

export const DELIVERY_STATES = ['pending', 'done', 'skipped', 'failed'] as const;

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: 'state 只能是 pending、done、skipped 或 failed' })
  state?: (typeof DELIVERY_STATES)[number];
}
