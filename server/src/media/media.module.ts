import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaController } from './media.controller.js';
import { Media } from './media.entity.js';
import { MediaService } from './media.service.js';
import { LocalDiskStorage, MEDIA_STORAGE } from './media.storage.js';
import { MediaUploadInterceptor } from './upload.interceptor.js';

@Module({
  imports: [TypeOrmModule.forFeature([Media])],
  controllers: [MediaController],
  providers: [
    MediaService,
    MediaUploadInterceptor,
    // Swap this provider for an S3-compatible MediaStorage to keep photos in object storage.
    { provide: MEDIA_STORAGE, useFactory: (config: AppConfig) => new LocalDiskStorage(config.mediaDir), inject: [APP_CONFIG] },
  ],
  exports: [MediaService, MEDIA_STORAGE],
})
export class MediaModule {}
