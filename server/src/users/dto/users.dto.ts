import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Nullable } from '../../common/validation.js';
import { PATROL_ROLES, ROLES, type PatrolRole, type Role } from '@xc/shared';
import type { CreateUserBody, StaffQuery, UpdateUserBody } from '@xc/shared';

export class CreateUserDto implements CreateUserBody {
  @ApiProperty({ example: 'zhang.san' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: '用户名只能包含小写字母、数字和 ._-，3–64 位' })
  username: string;
  @ApiProperty({ example: '张三' }) @IsString() @Length(1, 64, { message: '姓名长度应为 1–64' }) name: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: '至少一个角色' })
  @IsIn(ROLES, { each: true, message: '角色不正确' })
  roles: Role[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) unitId?: string;
  @ApiPropertyOptional({ enum: PATROL_ROLES }) @IsOptional() @IsIn(PATROL_ROLES, { message: '巡查角色不正确' }) patrolRole?: PatrolRole;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\d{15}$/, { each: true, message: '网格编码必须是 15 位数字' })
  gridCodes?: string[];
}

export class UpdateUserDto implements UpdateUserBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64, { message: '姓名长度应为 1–64' }) name?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: '至少一个角色' })
  @IsIn(ROLES, { each: true, message: '角色不正确' })
  roles?: Role[];
  @ApiPropertyOptional({ nullable: true, description: 'null：解除单位绑定' })
  @Nullable()
  @IsOptional()
  @IsString()
  @Length(1, 32)
  unitId?: string | null;
  @ApiPropertyOptional({ enum: PATROL_ROLES, nullable: true })
  @Nullable()
  @IsOptional()
  @IsIn(PATROL_ROLES, { message: '巡查角色不正确' })
  patrolRole?: PatrolRole | null;
  @ApiPropertyOptional({ description: 'false：停用账号，其所有登录立即失效；true：重新启用' })
  @IsOptional()
  @IsBoolean({ message: 'active 必须是布尔值' })
  active?: boolean;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\d{15}$/, { each: true, message: '网格编码必须是 15 位数字' })
  gridCodes?: string[];
}

export class StaffQueryDto implements StaffQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES, { message: '角色不正确' }) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) unitId?: string;
  @ApiPropertyOptional({ description: '负责该网格的人员在前' })
  @IsOptional()
  @Matches(/^\d{15}$/, { message: '网格编码必须是 15 位数字' })
  gridCode?: string;
}
