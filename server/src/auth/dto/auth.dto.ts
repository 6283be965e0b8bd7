import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { DemoLoginBody, RefreshBody, WechatLoginBody } from '@xc/shared';

export class WechatLoginDto implements WechatLoginBody {
  @ApiProperty({ description: 'wx.login() 返回的 code' })
  @IsString({ message: 'code 必须是字符串' })
  @Length(1, 128, { message: 'code 长度应为 1–128' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'code 格式不正确' })
  code: string;
}

export class DemoLoginDto implements DemoLoginBody {
  @ApiProperty({ example: 'demo-citizen' })
  @IsString({ message: 'username 必须是字符串' })
  @Matches(/^demo-[a-z0-9-]{1,32}$/, { message: 'username 必须是演示账号（demo-开头）' })
  username: string;
}

export class RefreshDto implements RefreshBody {
  @ApiProperty()
  @IsString({ message: 'refreshToken 必须是字符串' })
  @Length(10, 2048, { message: 'refreshToken 格式不正确' })
  refreshToken: string;
}
