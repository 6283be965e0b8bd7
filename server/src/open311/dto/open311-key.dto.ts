import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { CreateOpen311KeyBody } from '@xc/shared';

export class CreateOpen311KeyDto implements CreateOpen311KeyBody {
  @ApiProperty({ example: 'FixMyStreet 许昌', description: '接入方名称，工作人员在案件上看到的来源' })
  @IsString({ message: '请填写接入方名称' })
  @Length(1, 64, { message: '接入方名称应为 1–64 字' })
  name: string;
}
