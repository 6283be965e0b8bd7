import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaController } from './media.controller.js';
import { Media } from './media.entity.js';
import { MediaService } from './media.service.js';
import { LocalDiskStorage, MEDIA_STORAGE, type MediaStorage } from './media.storage.js';
import { S3Storage } from './media.storage.s3.js';
import { MediaUploadInterceptor } from './upload.interceptor.js';

@Module({
  imports: [TypeOrmModule.forFeature([Media])],
  controllers: [MediaController],
  providers: [
    MediaService,
    MediaUploadInterceptor,
    {
      provide: MEDIA_STORAGE,
      useFactory: (config: AppConfig) => (config.s3 ? new S3Storage(config.s3) : new LocalDiskStorage(config.mediaDir)),
      inject: [APP_CONFIG],
    },
  ],
  exports: [MediaService, MEDIA_STORAGE],
})
export class MediaModule implements OnModuleDestroy {
  constructor(@Inject(MEDIA_STORAGE) private readonly storage: MediaStorage) {}

  onModuleDestroy(): void {
    if (this.storage instanceof S3Storage) this.storage.close();
  }
}
