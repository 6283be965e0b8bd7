import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isOpen311Path, open311Errors } from '../open311/open311.errors.js';
import { toErrorResponse } from './error-mapping.js';

/** One error format for everything (../shared/docs/api.md, Errors); Open311's own under /api/open311/v2/. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error({ err: exception, reqId: req?.id, url: req?.originalUrl }, 'unexpected error');
    else if (status === 503) this.logger.warn({ reqId: req?.id, err: (exception as Error)?.message }, 'database unavailable');
    if (res.headersSent) return;
    const retryAfter = body.details?.retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number')
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    const path = req?.originalUrl?.split('?')[0];
    if (isOpen311Path(path)) {
      // Open311 clients get the GeoReport v2 error list, in the format their URL asks for.
      const answer = open311Errors(path!, status, body);
      res.status(status).type(answer.contentType).send(answer.body);
      return;
    }
    res.status(status).json(body);
  }
}
