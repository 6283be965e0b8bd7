import { Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { MediaDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { invalid } from '../common/app-error.js';
import { MAX_UPLOAD_BYTES, MEDIA_FIELD } from './media.constants.js';
import { MediaService, type UploadedImage } from './media.service.js';
import { MediaUploadInterceptor } from './upload.interceptor.js';

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  /** One photo (JPEG, PNG or WebP, judged by its bytes), stored without EXIF, with a thumbnail. */
  @Post('v1/media')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [MEDIA_FIELD],
      properties: {
        [MEDIA_FIELD]: { type: 'string', format: 'binary', description: `JPEG、PNG 或 WebP，不超过 ${MAX_UPLOAD_BYTES} 字节` },
      },
    },
  })
  async upload(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedImage | undefined): Promise<MediaDto> {
    if (!file) throw invalid({ [MEDIA_FIELD]: '请选择要上传的照片' });
    return this.media.upload(actor, file);
  }
}
