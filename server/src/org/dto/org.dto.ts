import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import type { CreateUnitBody, MoveUnitBody, UpdateUnitBody } from '@xc/shared';

export const UNIT_KINDS = ['county', 'district', 'department', 'enterprise', 'street'] as const;

export class GroupsQueryDto {
  @ApiPropertyOptional({ example: '2023-02', description: '按该月的分组成员显示；默认本月' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month 格式应为 YYYY-MM' })
  month?: string;
}

export class CreateUnitDto implements CreateUnitBody {
  @ApiProperty({ example: '市城市管理局' }) @IsString() @Length(2, 64, { message: '单位名称长度应为 2–64' }) name: string;
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS, { message: '单位类型不正确' }) kind: (typeof UNIT_KINDS)[number];
  @ApiProperty({ example: 'city' }) @IsString() @Length(1, 16) groupCode: string;
  @ApiPropertyOptional({ example: '2026-12', description: '自该月起加入该组；默认本月' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'fromMonth 格式应为 YYYY-MM' })
  fromMonth?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(6, 12) districtCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(9, 12) streetCode?: string;
}

export class UpdateUnitDto implements UpdateUnitBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 64, { message: '单位名称长度应为 2–64' }) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'active 必须是布尔值' }) active?: boolean;
}

export class MoveUnitDto implements MoveUnitBody {
  @ApiProperty({ example: 'street' }) @IsString() @Length(1, 16) groupCode: string;
  @ApiProperty({ example: '2026-12', description: '自该月起属于新组' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'fromMonth 格式应为 YYYY-MM' })
  fromMonth: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) order?: number;
}
