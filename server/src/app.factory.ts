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
import { inputGuard, MAX_JSON_BYTES } from './common/input-guard.js';
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
  // X-Forwarded-For is believed only from the proxies named in TRUST_PROXY (none by default): the
  // client IP keys the login budget, so nobody may choose their own.
  app.set('trust proxy', config.trustProxy);
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
  app.useBodyParser('json', { limit: MAX_JSON_BYTES });
  app.use(inputGuard());
  app.useStaticAssets(config.mediaDir, { prefix: '/media/', index: false, immutable: true, maxAge: '365d' });
  // A miss under /media/ (a photo hidden from the public, a purged upload) is the API's JSON 404.
  app.use('/media', (_req: unknown, res: { status: (n: number) => { json: (b: unknown) => void } }) =>
    res.status(404).json({ code: 'NOT_FOUND', message: '图片不存在或已被删除', details: {} }),
  );
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
