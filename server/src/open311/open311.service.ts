import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { CaseViewService } from '../cases/case-view.service.js';
import { CaseRecordsService } from '../cases/case-records.service.js';
import { CasesService } from '../cases/cases.service.js';
import { CategoriesService } from '../categories/categories.service.js';
import { forbidden, notFound, unauthenticated } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaService } from '../media/media.service.js';
import { fetchMedia, type Fetched } from './media-fetch.js';
import type { Open311Caller } from './open311-key.middleware.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Submission } from './open311.entities.js';
import type { Doc, Row } from './open311.format.js';
import {
  checkJurisdiction,
  DEFAULT_PAGE_SIZE,
  JURISDICTION_ID,
  MAX_DESCRIPTION,
  MAX_PAGE_SIZE,
  parsePost,
  parseRequestsQuery,
  WINDOW_DAYS,
} from './open311.input.js';
import { HIDDEN, toRequest, toService } from './open311.mapper.js';
import { attributesOf } from './service-definitions.js';

/** When this interface last changed (discovery's `changeset`). */
const CHANGESET = '2026-11-30T00:00:00+08:00';

/** Open311 GeoReport v2: categories as services, cases as service requests (WGS84, times in +08:00). */
@Injectable()
export class Open311Service {
  private readonly logger = new Logger(Open311Service.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly categories: CategoriesService,
    private readonly cases: CasesService,
    private readonly view: CaseViewService,
    private readonly media: MediaService,
    private readonly keys: Open311KeysService,
    private readonly records: CaseRecordsService,
  ) {}

  discovery(): Doc {
    const param = (name: string, description: string): Row => ({ name, description });
    return {
      root: 'discovery',
      object: {
        changeset: CHANGESET,
        contact: '许昌市城市管理委员会办公室（数字城管监督指挥中心）',
        key_service: '提交问题须带 api_key：由平台管理员为每个接入方创建，请向许昌市城市管理委员会办公室申请',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${this.config.publicBaseUrl}/api/open311/v2`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
        extensions: [
          param('jurisdiction_id', `可省略；填写时须为 ${JURISDICTION_ID}`),
          param('page', 'GET requests：页码，从 1 开始，默认 1'),
          param('page_size', `GET requests：每页条数，默认 ${DEFAULT_PAGE_SIZE}，最多 ${MAX_PAGE_SIZE}`),
          param('start_date,end_date', `GET requests：默认最近 ${WINDOW_DAYS} 天，相隔不超过 ${WINDOW_DAYS} 天`),
          param('address_string', 'POST requests：没有 lat/long 时只填地址亦可，由网格员现场核实定位'),
          param('description', `POST requests：选填，不超过 ${MAX_DESCRIPTION} 字`),
        ],
      },
    };
  }

  async services(q: Record<string, unknown>): Promise<Doc> {
    checkJurisdiction(q);
    const list = (await this.categories.tree()).flatMap((major) => (major.children ?? []).map((c) => toService(major, c, attributesOf(c))));
    return { root: 'services', item: 'service', list: list as unknown as Row[] };
  }

  async definition(code: string, q: Record<string, unknown>): Promise<Doc> {
    checkJurisdiction(q);
    const category = await this.service(code);
    return { root: 'service_definition', object: { service_code: code, attributes: attributesOf(category) as unknown as Row[] } };
  }

  /** A subcategory that reports may use, or 404 (GeoReport v2: unknown service). */
  private async service(code: string) {
    return this.categories.requireLeaf(code, 'service_code').catch(() => {
      throw notFound(`没有这个服务：${code}（见 services.json）`);
    });
  }

  /** Public requests, newest first: by ids (overriding every other filter), or paged within a window of at most 90 days. */
  async requests(q: Record<string, unknown>, now = new Date()): Promise<Doc> {
    checkJurisdiction(q);
    const query = parseRequestsQuery(q, now);
    let rows =
      query.kind === 'ids'
        ? await this.records.byCaseNos(query.ids)
        : await this.records.reportedBetween({
            start: query.start,
            end: query.end,
            hidden: HIDDEN,
            // Both statuses asked for is no filter at all.
            closed: query.status.length === 1 ? query.status[0] === 'closed' : undefined,
            categoryCodes: query.serviceCodes,
            skip: (query.page - 1) * query.pageSize,
            take: query.pageSize,
          });
    if (query.kind === 'ids') rows = query.ids.flatMap((no) => rows.filter((r) => r.caseNo === no));
    const summaries = await this.view.summaries(rows, now);
    const list = summaries.map((s, i) => toRequest({ ...s, closedAt: rows[i].closedAt?.toISOString() ?? null }, this.config.publicBaseUrl));
    return { root: 'service_requests', item: 'request', list: list as unknown as Row[] };
  }

  async request(caseNo: string, q: Record<string, unknown>): Promise<Doc> {
    const doc = await this.requests({ ...q, service_request_id: caseNo });
    if (!('list' in doc) || !doc.list.length) throw notFound(`没有这个服务请求：${caseNo}`);
    return doc;
  }

  /**
   * A report from an Open311 client. Checks in the contract's order: the caller (403 for a
   * missing or bad api_key, 401 for a bad Bearer token), then 404 (jurisdiction, service), then
   * 400 naming every bad field. A `media_url` on an allowed host is fetched once into the media
   * pipeline; otherwise it is kept as a link for staff. Contact and attributes are written in the
   * case's own transaction.
   */
  async create(caller: Open311Caller, body: Record<string, unknown>, idempotencyKey: string | undefined): Promise<Doc> {
    const integrator = caller.key && caller.key !== 'invalid' ? caller.key : null;
    if (caller.key === 'invalid') throw forbidden('api_key 无效或已停用');
    if (!integrator && !caller.actor) {
      if (caller.bearerSent) throw unauthenticated('登录已过期或凭证无效，请重新登录');
      throw forbidden('缺少 api_key：提交问题须带接入方的 api_key');
    }
    // The integrator reports as a citizen would; its key's id stands for the reporter.
    const actor: Actor = integrator ? { id: integrator.id, username: integrator.name, roles: ['citizen'], unitId: null } : caller.actor!;
    checkJurisdiction(body);
    const code = typeof body.service_code === 'string' ? body.service_code.trim() : '';
    const category = code ? await this.service(code) : null;
    const post = parsePost(body, category ? attributesOf(category) : []);

    const fetched: Fetched | null = post.mediaUrl ? await fetchMedia(post.mediaUrl, this.config.open311MediaHosts) : null;
    const mediaIds: string[] = [];
    let mediaStatus: Open311Submission['mediaStatus'] = fetched?.status === 'fetched' ? 'fetched' : (fetched?.status ?? null);
    if (fetched?.status === 'fetched') {
      try {
        mediaIds.push((await this.media.upload(actor, { buffer: fetched.buffer, size: fetched.buffer.length })).id);
      } catch (e) {
        // Not an image we accept: the report still counts, the link stays for staff.
        this.logger.warn(`media_url ${post.mediaUrl} is not an accepted image: ${(e as Error).message}`);
        mediaStatus = 'failed';
      }
    } else if (fetched?.status === 'failed') {
      this.logger.warn(`media_url ${post.mediaUrl} could not be fetched: ${fetched.reason}`);
    }

    const now = new Date();
    const created = await this.cases.create(
      actor,
      {
        categoryCode: category!.code,
        description: post.description,
        ...(post.location ? { location: { lat: post.location.lat, lng: post.location.lng, coord: 'wgs84' as const } } : {}),
        address: post.address ?? undefined,
        mediaIds,
      },
      idempotencyKey,
      {
        channel: integrator ? 'open311' : undefined,
        within: async (tx, c) => {
          await tx.insert(Open311Submission, {
            caseId: c.id,
            keyId: integrator?.id ?? null,
            firstName: post.contact.firstName,
            lastName: post.contact.lastName,
            email: post.contact.email,
            phone: post.contact.phone,
            attributes: post.attributes,
            mediaUrl: post.mediaUrl,
            mediaStatus,
            createdAt: now,
          });
        },
      },
    );
    if (integrator) await this.keys.touch(integrator.id, now);
    return {
      root: 'service_requests',
      item: 'request',
      list: [
        {
          service_request_id: created.caseNo,
          service_notice: created.location ? '已受理，将经核实后立案派遣处理' : '已受理：仅有地址，将由网格员到现场核实定位后处理',
        },
      ],
    };
  }
}
