import 'reflect-metadata';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { validateTransitions } from '@xc/shared';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { clientAssets } from './common/client-assets.js';
import { inputGuard, MAX_JSON_BYTES } from './common/input-guard.js';
import { buildOpenApiDocument } from './common/openapi.js';
import { createLogger, PinoNestLogger, requestLogger } from './common/logger.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { MEDIA_STORAGE } from './media/media.storage.js';
import { MediaService } from './media/media.service.js';
import { serveFromStore, serveMissingCopies, type S3Storage } from './media/media.storage.s3.js';

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
  const client = clientAssets(config.clientDir);
  if (client) app.use(client);
  else logger.warn({ clientDir: config.clientDir }, 'H5 client not built: `/` will answer 404 (run `npm run build`)');
  if (config.mediaStorage === 's3') app.use('/media', serveFromStore(app.get<S3Storage>(MEDIA_STORAGE)));
  else app.useStaticAssets(config.mediaDir, { prefix: '/media/', index: false, immutable: true, maxAge: '365d' });
  const media = app.get(MediaService);
  app.use(
    '/media',
    serveMissingCopies((key) => media.serveMissing(key)),
  );
  // A miss under /media/ (a photo hidden from the public, a purged upload) is the API's JSON 404.
  app.use('/media', (_req: unknown, res: { status: (n: number) => { json: (b: unknown) => void } }) =>
    res.status(404).json({ code: 'NOT_FOUND', message: '图片不存在或已被删除', details: {} }),
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  answerClientErrorsInJson(app.getHttpServer());
  return app;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over 16 KB,
 * malformed HTTP) get the contract's JSON body too, not Node's bare status line.
 */
function answerClientErrorsInJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, body] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', { code: 'PAYLOAD_TOO_LARGE', message: '请求的网址或请求头太长', details: {} }]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', { code: 'VALIDATION_FAILED', message: '请求超时，请重试', details: {} }]
          : [400, 'Bad Request', { code: 'VALIDATION_FAILED', message: '请求格式不正确', details: {} }];
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
