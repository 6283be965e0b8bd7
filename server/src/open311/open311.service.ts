import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { CaseViewService } from '../cases/case-view.service.js';
import { Case } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { CategoriesService } from '../categories/categories.service.js';
import { invalid, notFound } from '../common/app-error.js';
import { sqlDate } from '../common/db-utils.js';
import { toRequest, toService, type Open311Request, type Open311Service as ServiceDto } from './open311.mapper.js';

const MAX_REQUESTS = 200;

@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly categories: CategoriesService,
    private readonly cases: CasesService,
    private readonly view: CaseViewService,
  ) {}

  async services(): Promise<ServiceDto[]> {
    return (await this.categories.tree()).flatMap((major) => (major.children ?? []).map((c) => toService(major, c)));
  }

  async definition(code: string) {
    await this.categories.requireLeaf(code, 'service_code').catch(() => {
      throw notFound('没有这个服务类型');
    });
    return { service_code: code, attributes: [] };
  }

  /** Public requests, newest first: by case numbers, or within a window (default the last 90 days). */
  async requests(q: Record<string, string>, baseUrl: string): Promise<Open311Request[]> {
    const qb = this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.status NOT IN (:...hidden)', { hidden: ['refused', 'voided'] });
    if (q.service_request_id) {
      qb.andWhere('c.case_no IN (:...nos)', {
        nos: q.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, MAX_REQUESTS),
      });
    } else {
      const end = q.end_date ? date(q.end_date, 'end_date') : new Date();
      const start = q.start_date ? date(q.start_date, 'start_date') : new Date(end.getTime() - 90 * 86400_000);
      if (start > end) throw invalid({ start_date: 'start_date 不能晚于 end_date' });
      qb.andWhere('c.reported_at >= :start AND c.reported_at <= :end', { start: sqlDate(start), end: sqlDate(end) });
    }
    if (q.service_code) qb.andWhere('c.category_code IN (:...codes)', { codes: q.service_code.split(',') });
    if (q.status) {
      if (q.status !== 'open' && q.status !== 'closed') throw invalid({ status: 'status 只能是 open 或 closed' });
      qb.andWhere(q.status === 'closed' ? "c.status = 'closed'" : "c.status <> 'closed'");
    }
    const rows = await qb.orderBy('c.reported_at', 'DESC').take(MAX_REQUESTS).getMany();
    return (await this.view.summaries(rows)).map((c) => toRequest(c, baseUrl));
  }

  async request(caseNo: string, baseUrl: string): Promise<Open311Request> {
    const [found] = await this.requests({ service_request_id: caseNo }, baseUrl);
    if (!found) throw notFound('没有这个服务请求');
    return found;
  }

  /** A request from an Open311 client: a case without photos (media_url cannot be fetched from here). */
  async create(actor: Actor, body: Record<string, unknown>, key: string | undefined) {
    const fields: Record<string, string> = {};
    const str = (k: string) =>
      typeof body[k] === 'string' ? (body[k] as string).trim() : typeof body[k] === 'number' ? String(body[k]) : '';
    const lat = Number(str('lat'));
    const lng = Number(str('long'));
    if (!str('service_code')) fields.service_code = '请填写 service_code';
    if (!str('lat') || !Number.isFinite(lat)) fields.lat = '请填写纬度 lat（WGS84）';
    if (!str('long') || !Number.isFinite(lng)) fields.long = '请填写经度 long（WGS84）';
    if (str('description').length < 2) fields.description = '请填写问题描述';
    if (Object.keys(fields).length) throw invalid(fields);
    const created = await this.cases.create(
      actor,
      {
        categoryCode: str('service_code'),
        description: str('description').slice(0, 500),
        location: { lat, lng, coord: 'wgs84' },
        address: str('address_string').slice(0, 200) || undefined,
        mediaIds: [],
      },
      key,
    );
    return { service_request_id: created.caseNo, service_notice: '已受理，工作日内处理', account_id: null };
  }
}

function date(v: string, field: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalid({ [field]: `${field} 须为 ISO 8601 时间` });
  return d;
}
