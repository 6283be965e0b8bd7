import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { WIRE_SCHEMAS, type WireSchemaName } from '@xc/shared/wire-schemas';

/**
 * The OpenAPI document: the operations Nest finds, their answers described by the wire types of
 * @xc/shared (schemas generated from those types, shared/scripts/wire-schemas.mjs), and every
 * error as the one error body. test/openapi.int-spec.ts checks that every operation describes its
 * success body; test/e2e/contract.test.mjs checks real answers against the document.
 */

type SchemaObject = Record<string, unknown>;

/** A reference to the schema of a wire type. */
export function wireRef(name: WireSchemaName): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** The body of a wire type, or (`[name]`) an array of it. */
export function wireSchema(type: WireSchemaName | [WireSchemaName]): SchemaObject {
  return Array.isArray(type) ? { type: 'array', items: wireRef(type[0]) } : wireRef(type);
}

/** 200 (or 201) answering a JSON body of the wire type. */
export function Answers(type: WireSchemaName | [WireSchemaName], opts: { status?: 200 | 201; description?: string } = {}) {
  const description = opts.description ?? (opts.status === 201 ? '已创建' : '成功');
  const schema = wireSchema(type) as never;
  return opts.status === 201 ? ApiCreatedResponse({ description, schema }) : ApiOkResponse({ description, schema });
}

/** 204: done, no body. */
export function AnswersNothing(description = '成功，无返回内容') {
  return applyDecorators(ApiNoContentResponse({ description }));
}

/** A success answer in several media types (`{'text/plain': {type: 'string'}, 'application/json': wireRef(...)}`). */
export function AnswersContent(content: Record<string, SchemaObject>, opts: { status?: 200 | 201; description?: string } = {}) {
  const entries = Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }]));
  const description = opts.description ?? '成功';
  return opts.status === 201 ? ApiCreatedResponse({ description, content: entries }) : ApiOkResponse({ description, content: entries });
}

/** An Open311 answer: the wire type in JSON (`.json`), the same fields in XML (`.xml`). */
export function open311Body(name: WireSchemaName): Record<string, SchemaObject> {
  return { 'application/json': wireRef(name), 'text/xml': { type: 'string', description: '同一内容的 XML 形式（网址后缀 .xml）' } };
}

const OPEN311_PREFIX = '/api/open311/';

/** Builds the document for the app (after its global prefix is set). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('许昌智慧城管便民服务平台 API')
      .setDescription('上报 → 立案 → 派遣 → 处置 → 核查 → 结案；网格巡查；月度考评与通报。错误一律为 {code, message, details}。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const schemas = (doc.components ??= {}).schemas ?? {};
  for (const name of Object.keys(WIRE_SCHEMAS))
    if (schemas[name]) throw new Error(`OpenAPI: the request DTO class ${name} has the name of a wire type; rename the class`);
  doc.components.schemas = { ...schemas, ...(WIRE_SCHEMAS as Record<string, never>) };

  const error = {
    description: '错误：{code, message, details}，message 为中文',
    content: { 'application/json': { schema: wireRef('ErrorBodyDto') } },
  };
  const open311Error = {
    description: 'Open311 错误：[{code, description}]（JSON 或 XML，随网址后缀）',
    content: { 'application/json': { schema: wireRef('Open311ErrorList') }, 'text/xml': { schema: { type: 'string' } } },
  };
  for (const [path, item] of Object.entries(doc.paths))
    for (const op of Object.values(item as Record<string, { responses?: Record<string, unknown> }>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const responses = (op.responses ??= {});
      const e = path.startsWith(OPEN311_PREFIX) ? open311Error : error;
      responses['4XX'] ??= e;
      responses['5XX'] ??= e;
    }
  return doc;
}
