import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Open311KeyMiddleware } from './open311-key.middleware.js';
import { Open311KeysController } from './open311-keys.controller.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Key } from './open311.entities.js';

/** Api keys of Open311 integrators: the admin routes, and the lookup on every Open311 POST. */
@Module({
  imports: [TypeOrmModule.forFeature([Open311Key])],
  controllers: [Open311KeysController],
  providers: [Open311KeysService, Open311KeyMiddleware],
  exports: [Open311KeysService],
})
export class Open311KeysModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(Open311KeyMiddleware).forRoutes({ path: 'open311/v2/requests.:format', method: RequestMethod.POST });
  }
}
