import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { renderBulletinText, type BulletinDocument, type RankingDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { AppError, invalid, notFound } from '../common/app-error.js';
import { monthRange } from '../common/month.js';
import { TtlCache } from '../common/ttl-cache.js';
import { CacheBus } from '../redis/cache-bus.js';
import { OrgService } from '../org/org.service.js';
import { StatsService } from '../stats/stats.service.js';
import { Evaluation, EvaluationAdjustment, EvaluationScheme, EvaluationScore } from './evaluation.entities.js';
import type { AdjustmentDto, FiguresDto, WordingDto } from './dto/evaluations.dto.js';
import { composeBulletin, type BulletinInput } from './rules/bulletin.js';
import { gradeOf, GRADES_2023, rankByScore, roundScore } from './rules/ranking.js';
import { defaultSchemes, scoreUnit, type Adjustment, type ManualItem, type Scheme } from './rules/scoring.js';

/** Weekly patrol compliance aggregated per unit over a month (from the patrols feature, when present). */
export interface PatrolComplianceSource {
  monthShareByUnit(month: string): Promise<Map<string, number>>;
}
export const PATROL_COMPLIANCE = Symbol('PATROL_COMPLIANCE');

/**
 * How long another server process may serve what it read before a publish here (in this process a
 * publish clears the cache at once).
 */
const PUBLISHED_TTL_MS = 10_000;

export interface MemberRow {
  unitId: string;
  unitName: string;
  groupCode: string;
  order: number;
}

@Injectable()
export class EvaluationsService {
  /** What the public reads of published months (rankings, bulletins, unit pages, trends), until the next publish. */
  private readonly published$ = new TtlCache<unknown>(PUBLISHED_TTL_MS, 2000);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: StatsService,
    private readonly caches: CacheBus,
    private readonly org: OrgService,
    @Optional() @Inject(PATROL_COMPLIANCE) private readonly patrols?: PatrolComplianceSource,
  ) {
    caches.on('published-evaluations', () => this.published$.clear());
  }

  /** The units of every group in `month`, in the group's order (the membership a ranking keeps). */
  async members(month: string, tx: EntityManager = this.db.manager): Promise<MemberRow[]> {
    const rows = await this.org.membersIn(month, tx);
    return rows
      .map((r) => ({ unitId: r.unitId, unitName: r.unitName, groupCode: r.groupCode, order: Number(r.sortOrder) }))
      .sort((a, b) => a.groupCode.localeCompare(b.groupCode) || a.order - b.order);
  }

  /** The scheme in force for a group in a month: the latest stored one from that month back, else the default. */
  async schemeFor(groupCode: string, month: string): Promise<Scheme> {
    const row = await this.db
      .getRepository(EvaluationScheme)
      .createQueryBuilder('s')
      .where('s.group_code = :groupCode AND s.from_month <= :month', { groupCode, month })
      .orderBy('s.from_month', 'DESC')
      .getOne();
    if (row) return { groupCode, fromMonth: row.fromMonth, items: row.items, grades: row.grades };
    return this.defaultScheme(groupCode);
  }

  /** The schemes stored for every group in force in a month (one query); groups without one are absent. */
  private async schemesFor(month: string): Promise<Map<string, Scheme>> {
    const rows = await this.db
      .getRepository(EvaluationScheme)
      .createQueryBuilder('s')
      .where('s.from_month <= :month', { month })
      .orderBy('s.from_month', 'ASC')
      .getMany();
    // Ascending, so the latest from_month of each group is the one left in the map.
    return new Map(rows.map((r) => [r.groupCode, { groupCode: r.groupCode, fromMonth: r.fromMonth, items: r.items, grades: r.grades }]));
  }

  private defaultScheme(groupCode: string): Scheme {
    return (
      defaultSchemes('2023-01', GRADES_2023).find((s) => s.groupCode === groupCode) ?? {
        groupCode,
        fromMonth: '2023-01',
        items: defaultSchemes('2023-01', GRADES_2023)[2].items,
        grades: GRADES_2023,
      }
    );
  }

  /** Published figures for a month kept outside the system: a draft of imported scores. */
  async importScores(
    actor: Actor,
    month: string,
    body: unknown,
    figures?: FiguresDto,
  ): Promise<{ month: string; revision: number; units: number }> {
    monthRange(month);
    if (!Array.isArray(body) || body.length === 0) throw invalid({ body: '请提交 [{unit, score}] 数组' });
    if (body.length > 500) throw invalid({ body: '一次最多 500 个单位' });
    const fields: Record<string, string> = {};
    body.forEach((row, i) => {
      if (typeof row !== 'object' || row === null) fields[`${i}`] = '每一项须为 {unit, score}';
      else {
        const extra = Object.keys(row).filter((k) => k !== 'unit' && k !== 'score');
        if (extra.length) fields[`${i}.${extra[0]}`] = `不允许的字段 ${extra[0]}`;
        if (typeof row.unit !== 'string' || !row.unit.trim()) fields[`${i}.unit`] = '请填写单位名称或 id';
        if (typeof row.score !== 'number' || !Number.isFinite(row.score) || row.score < 0 || row.score > 100)
          fields[`${i}.score`] = '分数须为 0–100 的数字';
      }
    });
    if (Object.keys(fields).length) throw invalid(fields);
    return this.db.transaction(async (tx) => {
      const members = await this.members(month, tx);
      const seen = new Set<string>();
      const scores = (body as { unit: string; score: number }[]).map((row, i) => {
        const m = members.find((x) => x.unitId === row.unit.trim() || x.unitName === row.unit.trim());
        if (!m) throw invalid({ [`${i}.unit`]: `单位“${row.unit}”在 ${month} 不属于任何考评组` });
        if (seen.has(m.unitId)) throw invalid({ [`${i}.unit`]: `单位“${m.unitName}”重复` });
        seen.add(m.unitId);
        return { m, score: roundScore(row.score) };
      });
      const revision = await this.draftRevision(tx, actor, month, 'imported', figures ?? null);
      const grades = new Map<string, Scheme>();
      for (const g of new Set(scores.map((s) => s.m.groupCode))) grades.set(g, await this.schemeFor(g, month));
      await tx.insert(
        EvaluationScore,
        scores.map(({ m, score }) => ({
          month,
          revision,
          unitId: m.unitId,
          unitName: m.unitName,
          groupCode: m.groupCode,
          unitOrder: m.order,
          score,
          grade: gradeOf(score, grades.get(m.groupCode)!.grades),
          breakdown: null,
        })),
      );
      return { month, revision, units: scores.length };
    });
  }

  /** A draft computed from the month's case figures, patrol compliance and manual items, for every member unit. */
  async compute(actor: Actor, month: string): Promise<{ month: string; revision: number; units: number }> {
    monthRange(month);
    const [{ byUnit, city }, patrolShares, adjustments] = await Promise.all([
      this.stats.monthlyAll(month),
      this.patrols ? this.patrols.monthShareByUnit(month) : Promise.resolve(new Map<string, number>()),
      this.db.getRepository(EvaluationAdjustment).find({ where: { month, revokedAt: IsNull() }, order: { createdAt: 'ASC' } }),
    ]);
    return this.db.transaction(async (tx) => {
      const members = await this.members(month, tx);
      if (!members.length) throw invalid({ month: `${month} 没有参与考评的单位` });
      const schemes = await this.schemesFor(month);
      const revision = await this.draftRevision(tx, actor, month, 'computed', { reported: city.reported, closureRate: city.closureRate });
      const rows = members.map((m) => {
        const c = byUnit.get(m.unitId);
        const scheme = schemes.get(m.groupCode) ?? this.defaultScheme(m.groupCode);
        const usesPatrols = scheme.items.some((i) => i.metric === 'patrolCompliance');
        const facts = {
          due: c?.due ?? 0,
          closed: c?.closed ?? 0,
          closedOnTime: c?.closedOnTime ?? 0,
          overdue: c?.overdue ?? 0,
          reworked: c?.reworked ?? 0,
          patrolCompliance: usesPatrols ? (patrolShares.get(m.unitId) ?? null) : null,
        };
        const adj: Adjustment[] = adjustments
          .filter((a) => a.unitId === m.unitId)
          .map((a) => ({ id: a.id, item: a.item as ManualItem, points: a.points, reason: a.reason }));
        const result = scoreUnit(scheme, facts, adj);
        return {
          month,
          revision,
          unitId: m.unitId,
          unitName: m.unitName,
          groupCode: m.groupCode,
          unitOrder: m.order,
          score: result.score,
          grade: gradeOf(result.score, scheme.grades),
          breakdown: result.items,
        };
      });
      for (let i = 0; i < rows.length; i += 50) await tx.insert(EvaluationScore, rows.slice(i, i + 50));
      return { month, revision, units: rows.length };
    });
  }

  /** The draft revision to (re)write: the open draft, or a new one after the last published revision. */
  private async draftRevision(
    tx: EntityManager,
    actor: Actor,
    month: string,
    source: Evaluation['source'],
    figures: Evaluation['figures'],
  ): Promise<number> {
    const latest = await tx.findOne(Evaluation, { where: { month }, order: { revision: 'DESC' } });
    if (latest?.status === 'draft') {
      await tx.delete(EvaluationScore, { month, revision: latest.revision });
      await tx.update(
        Evaluation,
        { month, revision: latest.revision },
        {
          source,
          figures: figures ?? latest.figures,
          publishedWording: source === 'imported' ? latest.publishedWording : null,
          createdBy: actor.id,
          createdAt: new Date(),
        },
      );
      return latest.revision;
    }
    const revision = (latest?.revision ?? 0) + 1;
    await tx.insert(Evaluation, {
      month,
      revision,
      status: 'draft',
      source,
      figures: figures ?? latest?.figures ?? null,
      createdBy: actor.id,
      createdAt: new Date(),
      publishedBy: null,
      publishedAt: null,
      // A corrected imported month keeps its published wording until it is replaced.
      publishedWording: source === 'imported' ? (latest?.publishedWording ?? null) : null,
      reason: null,
    });
    return revision;
  }

  async setFigures(month: string, dto: FiguresDto) {
    const draft = await this.db.getRepository(Evaluation).findOne({ where: { month, status: 'draft' }, order: { revision: 'DESC' } });
    if (!draft) throw new AppError('CONFLICT', '该月没有草稿，请先导入或计算');
    await this.db
      .getRepository(Evaluation)
      .update({ month, revision: draft.revision }, { figures: { reported: dto.reported, closureRate: dto.closureRate } });
    return { month, revision: draft.revision, figures: dto };
  }

  /** An imported month's bulletin wording, as it was published outside the system. */
  async setWording(month: string, dto: WordingDto) {
    const draft = await this.db.getRepository(Evaluation).findOne({ where: { month, status: 'draft' }, order: { revision: 'DESC' } });
    if (!draft) throw new AppError('CONFLICT', '该月没有草稿，请先导入成绩');
    if (draft.source !== 'imported') throw invalid({ paragraphs: '只有导入的月份可以录入原通报文字；计算的月份由系统生成通报' });
    const wording = { paragraphs: dto.paragraphs.map((p) => p.trim()), closing: dto.closing.map((p) => p.trim()) };
    await this.db.getRepository(Evaluation).update({ month, revision: draft.revision }, { publishedWording: wording });
    return { month, revision: draft.revision, ...wording };
  }

  async addAdjustment(actor: Actor, month: string, dto: AdjustmentDto) {
    monthRange(month);
    const members = await this.members(month);
    if (!members.some((m) => m.unitId === dto.unitId)) throw invalid({ unitId: `该单位在 ${month} 不参与考评` });
    const row = {
      id: randomUUID(),
      month,
      unitId: dto.unitId,
      item: dto.item,
      points: dto.points,
      reason: dto.reason.trim(),
      evidence: dto.evidence ?? [],
      createdBy: actor.id,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.db.getRepository(EvaluationAdjustment).insert(row);
    return row;
  }

  listAdjustments(month: string) {
    return this.db.getRepository(EvaluationAdjustment).find({ where: { month }, order: { createdAt: 'ASC' } });
  }

  async revokeAdjustment(month: string, id: string) {
    const res = await this.db.getRepository(EvaluationAdjustment).update({ id, month, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!res.affected) throw notFound('该考评项不存在或已撤销');
    return { id, revoked: true };
  }

  /**
   * Publishes the open draft. Correcting a month already published needs a reason; the earlier
   * revision stays readable.
   */
  async publish(actor: Actor, month: string, reason?: string, originallyPublishedAt?: Date) {
    try {
      return await this.publishDraft(actor, month, reason, originallyPublishedAt);
    } finally {
      this.caches.invalidate('published-evaluations');
    }
  }

  private async publishDraft(actor: Actor, month: string, reason?: string, originallyPublishedAt?: Date) {
    return this.db.transaction(async (tx) => {
      const revisions = await tx.find(Evaluation, { where: { month }, order: { revision: 'DESC' } });
      const draft = revisions[0]?.status === 'draft' ? revisions[0] : null;
      if (!draft) throw new AppError('CONFLICT', '该月没有待发布的草稿', { month });
      if (!(await tx.countBy(EvaluationScore, { month, revision: draft.revision })))
        throw new AppError('CONFLICT', '草稿没有任何单位的分数');
      const corrects = revisions.some((r) => r.status === 'published');
      if (corrects && !reason?.trim()) throw invalid({ reason: '更正已发布的月份须说明原因' });
      // An imported month keeps the date its bulletin was originally published.
      if (originallyPublishedAt && draft.source !== 'imported') throw invalid({ publishedAt: '只有导入的月份可以指定原发布时间' });
      if (originallyPublishedAt && originallyPublishedAt > new Date()) throw invalid({ publishedAt: '原发布时间不能晚于现在' });
      const now = originallyPublishedAt ?? new Date();
      const res = await tx.update(
        Evaluation,
        { month, revision: draft.revision, status: 'draft' },
        { status: 'published', publishedBy: actor.id, publishedAt: now, reason: reason?.trim() || null },
      );
      if (!res.affected) throw new AppError('CONFLICT', '该草稿已被发布');
      return { month, revision: draft.revision, publishedAt: now.toISOString(), correction: corrects };
    });
  }

  async status(month: string) {
    monthRange(month);
    const revisions = await this.db.getRepository(Evaluation).find({ where: { month }, order: { revision: 'ASC' } });
    const counts = await this.db
      .getRepository(EvaluationScore)
      .createQueryBuilder('s')
      .select('s.revision', 'revision')
      .addSelect('COUNT(*)', 'n')
      .where('s.month = :month', { month })
      .groupBy('s.revision')
      .getRawMany<{ revision: number; n: number }>();
    return {
      month,
      revisions: revisions.map((r) => ({
        revision: r.revision,
        status: r.status,
        source: r.source,
        units: Number(counts.find((c) => Number(c.revision) === r.revision)?.n ?? 0),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        reason: r.reason,
      })),
    };
  }

  /** Published months, latest first (the month picker). */
  publishedMonths(): Promise<{ month: string; revision: number }[]> {
    return this.cachedRead('months', () => this.loadPublishedMonths());
  }

  private async loadPublishedMonths() {
    const rows = await this.db
      .getRepository(Evaluation)
      .createQueryBuilder('e')
      .select('e.month', 'month')
      .addSelect('MAX(e.revision)', 'revision')
      .where("e.status = 'published'")
      .groupBy('e.month')
      .orderBy('e.month', 'DESC')
      .getRawMany<{ month: string; revision: number }>();
    return rows.map((r) => ({ month: r.month, revision: Number(r.revision) }));
  }

  /** The published revision to show: the latest, or the one asked for. 404 for unpublished months. */
  private async published(month: string, revision?: number): Promise<Evaluation> {
    monthRange(month);
    const repo = this.db.getRepository(Evaluation);
    const e = revision
      ? await repo.findOneBy({ month, revision, status: 'published' })
      : await repo.findOne({ where: { month, status: 'published' }, order: { revision: 'DESC' } });
    if (!e) throw notFound(`${month} 的考评结果尚未发布`);
    return e;
  }

  rankings(month: string, revision?: number): ReturnType<EvaluationsService['loadRankings']> {
    return this.cachedRead(`rankings:${month}:${revision ?? ''}`, () => this.loadRankings(month, revision));
  }

  private async loadRankings(
    month: string,
    revision?: number,
  ): Promise<
    RankingDto & {
      revision: number;
      publishedAt: string | null;
      corrections: { revision: number; reason: string | null; publishedAt: string | null }[];
      figures: Evaluation['figures'];
    }
  > {
    const e = await this.published(month, revision);
    const [groups, scores, all] = await Promise.all([
      this.org.groupsInOrder(),
      this.db.getRepository(EvaluationScore).findBy({ month, revision: e.revision }),
      this.db.getRepository(Evaluation).find({ where: { month, status: 'published' }, order: { revision: 'ASC' } }),
    ]);
    return {
      month,
      revision: e.revision,
      publishedAt: e.publishedAt?.toISOString() ?? null,
      corrections: all
        .filter((r) => r.revision !== all[0].revision)
        .map((r) => ({ revision: r.revision, reason: r.reason, publishedAt: r.publishedAt?.toISOString() ?? null })),
      figures: e.figures,
      groups: groups.map((g) => ({
        code: g.code,
        name: g.name,
        units: rankByScore(scores.filter((s) => s.groupCode === g.code).map((s) => ({ ...s, order: s.unitOrder }))).map(
          ({ item, rank }) => ({ id: item.unitId, name: item.unitName, score: item.score, grade: item.grade, rank }),
        ),
      })),
    };
  }

  async bulletin(month: string, revision?: number): Promise<string> {
    return renderBulletinText(await this.bulletinDocument(month, revision));
  }

  /** The published month's 通报 as a document (format=json); the text is rendered from it. */
  bulletinDocument(month: string, revision?: number): Promise<BulletinDocument> {
    return this.cachedRead(`bulletin:${month}:${revision ?? ''}`, () => this.loadBulletinDocument(month, revision));
  }

  private async loadBulletinDocument(month: string, revision?: number): Promise<BulletinDocument> {
    const e = await this.published(month, revision);
    const [groups, scores, members] = await Promise.all([
      this.org.groupsInOrder(),
      this.db.getRepository(EvaluationScore).findBy({ month, revision: e.revision }),
      this.members(month),
    ]);
    const input: BulletinInput = {
      month,
      figures: e.figures,
      groups: await Promise.all(
        groups.map(async (g) => ({
          code: g.code,
          name: g.name,
          listMode: g.listMode,
          noun: g.noun,
          grades: (await this.schemeFor(g.code, month)).grades,
          evaluated: members.filter((m) => m.groupCode === g.code).length,
          units: scores.filter((s) => s.groupCode === g.code).map((s) => ({ name: s.unitName, score: s.score, order: s.unitOrder })),
        })),
      ),
    };
    const meta = { revision: e.revision, source: e.source, publishedAt: e.publishedAt?.toISOString() ?? null };
    return composeBulletin(input, meta, e.publishedWording);
  }

  /** One unit's score, item by item, with the cases and manual items behind each point. */
  breakdown(month: string, unitId: string, revision?: number): ReturnType<EvaluationsService['loadBreakdown']> {
    return this.cachedRead(`breakdown:${month}:${unitId}:${revision ?? ''}`, () => this.loadBreakdown(month, unitId, revision));
  }

  private async loadBreakdown(month: string, unitId: string, revision?: number) {
    const e = await this.published(month, revision);
    const score = await this.db.getRepository(EvaluationScore).findOneBy({ month, revision: e.revision, unitId });
    if (!score) throw notFound('该单位本月没有考评分数');
    const group = await this.db.getRepository(EvaluationScore).findBy({ month, revision: e.revision, groupCode: score.groupCode });
    const rank = rankByScore(group.map((s) => ({ ...s, order: s.unitOrder }))).find((r) => r.item.unitId === unitId)!.rank;
    const adjustmentIds = (score.breakdown ?? []).filter((i) => i.kind === 'manual').map((i) => String(i.basis.adjustmentId));
    const adjustments = adjustmentIds.length
      ? await this.db.getRepository(EvaluationAdjustment).findBy(adjustmentIds.map((id) => ({ id })))
      : [];
    const groupRow = await this.org.findGroup(score.groupCode);
    return {
      month,
      revision: e.revision,
      unit: { id: unitId, name: score.unitName },
      group: { code: score.groupCode, name: groupRow?.name ?? score.groupCode, size: group.length },
      score: score.score,
      grade: score.grade,
      rank,
      source: e.source,
      items: score.breakdown ?? [],
      adjustments: adjustments.map((a) => ({
        id: a.id,
        item: a.item,
        points: a.points,
        reason: a.reason,
        evidence: a.evidence,
        createdAt: a.createdAt.toISOString(),
      })),
      /** Where the case counts come from: the unit's cases registered in the month. */
      cases:
        e.source === 'computed'
          ? {
              href: `/api/v1/cases?scope=all&unitId=${encodeURIComponent(unitId)}`,
              stats: `/api/v1/stats/monthly?month=${month}&unitId=${encodeURIComponent(unitId)}`,
            }
          : null,
    };
  }

  /** A unit's score over the published months. */
  trend(unitId: string): ReturnType<EvaluationsService['loadTrend']> {
    return this.cachedRead(`trend:${unitId}`, () => this.loadTrend(unitId));
  }

  private async loadTrend(unitId: string) {
    if (!(await this.org.findUnit(unitId))) throw notFound('单位不存在');
    const months = await this.publishedMonths();
    const out: { month: string; score: number; grade: string; rank: number; groupSize: number }[] = [];
    for (const { month, revision } of months) {
      const mine = await this.db.getRepository(EvaluationScore).findOneBy({ month, revision, unitId });
      if (!mine) continue;
      const group = await this.db.getRepository(EvaluationScore).findBy({ month, revision, groupCode: mine.groupCode });
      const rank = rankByScore(group.map((s) => ({ ...s, order: s.unitOrder }))).find((r) => r.item.unitId === unitId)!.rank;
      out.push({ month, score: mine.score, grade: mine.grade, rank, groupSize: group.length });
    }
    return out.reverse();
  }

  /** A read of published data through the cache (errors, such as 404 for a month not published, are not kept). */
  private cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.published$.get(key, load) as Promise<T>;
  }
}
