import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { UpdateMediaBody } from '@xc/shared';

export class UpdateMediaDto implements UpdateMediaBody {
  @ApiProperty({ description: 'true：对公众隐藏（如照片中有人脸、车牌），公开副本立即删除；false：恢复公开' })
  @IsBoolean({ message: 'publicHidden 必须是布尔值' })
  publicHidden: boolean;
}
