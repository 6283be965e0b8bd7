import 'reflect-metadata';
import fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { validateTransitions } from '@xc/shared';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { clientAssets } from './common/client-assets.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logger.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';

/** Builds the configured application (used by main.ts and by the integration tests). */
export async function createApp(config: AppConfig, logger: Logger = createLogger(config)): Promise<INestApplication> {
  const problems = validateTransitions();
  if (problems.length) throw new Error(`case transition table is invalid:\n${problems.join('\n')}`);

  fs.mkdirSync(config.mediaDir, { recursive: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: true,
  });
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'extended');
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          connectSrc: ["'self'"],
        },
      },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.useBodyParser('json', { limit: '1mb' });
  const client = clientAssets(config.clientDir);
  if (client) app.use(client);
  else logger.warn({ clientDir: config.clientDir }, 'H5 client not built: `/` will answer 404 (run `npm run build`)');
  app.useStaticAssets(config.mediaDir, { prefix: '/media/', index: false, immutable: true, maxAge: '365d' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('许昌智慧城管便民服务平台 API')
      .setDescription('上报 → 立案 → 派遣 → 处置 → 核查 → 结案；网格巡查；月度考评与通报。错误一律为 {code, message, details}。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
