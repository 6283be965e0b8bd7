import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { MediaDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { invalid, notFound } from '../common/app-error.js';
import { RateLimit } from '../rate-limit/rate-limit.decorators.js';
import { UpdateMediaDto } from './dto/media.dto.js';
import { MAX_UPLOAD_BYTES, MEDIA_FIELD } from './media.constants.js';
import { MediaService, type UploadedImage } from './media.service.js';
import { MediaUploadInterceptor } from './upload.interceptor.js';
import { RequiresConsent } from '../privacy/consent.guard.js';
import { Answers } from '../common/openapi.js';

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  /** One photo (JPEG, PNG or WebP, judged by its bytes), stored without EXIF, with a thumbnail and a public copy. */
  @Post('v1/media')
  @RequiresConsent()
  @HttpCode(201)
  @RateLimit('upload')
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
  @Answers('MediaDto', { status: 201 })
  async upload(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedImage | undefined): Promise<MediaDto> {
    if (!file) throw invalid({ [MEDIA_FIELD]: '请选择要上传的照片' });
    return this.media.upload(actor, file);
  }

  /** Hide a photo from the public (faces, plates) or show it again; staff who handle cases. */
  @Roles('operator', 'dispatcher', 'admin')
  @Patch('v1/media/:id')
  @Answers('MediaDto')
  setPublicHidden(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound('照片不存在') })) id: string,
    @Body() dto: UpdateMediaDto,
  ): Promise<MediaDto> {
    return this.media.setPublicHidden(actor, id, dto.publicHidden);
  }
}
