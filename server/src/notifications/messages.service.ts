import { Injectable } from '@nestjs/common';
import type { MessageDto, MessagePage } from '@xc/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { invalid } from '../common/app-error.js';
import { isUniqueViolation } from '../common/db-utils.js';
import { Delivery, Message, WechatSubscription } from './notify.entities.js';
import type { AppConfig } from '../config/app-config.js';

const dto = (m: Message): MessageDto => ({
  id: String(m.id),
  kind: m.kind,
  title: m.title,
  body: m.body,
  caseId: m.caseId,
  caseNo: m.caseNo,
  createdAt: m.createdAt.toISOString(),
  readAt: m.readAt ? m.readAt.toISOString() : null,
});

/** A user's 消息中心: newest first, by id (the cursor is the last id seen). */
@Injectable()
export class MessagesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(actor: Actor, cursor: string | undefined, limit: number): Promise<MessagePage> {
    if (cursor !== undefined && !/^\d{1,12}$/.test(cursor)) throw invalid({ cursor: 'cursor 无效，请从第一页重新加载' });
    const rows = await this.db.getRepository(Message).find({
      where: { userId: actor.id, ...(cursor ? { id: LessThan(Number(cursor)) } : {}) },
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map(dto);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Every message the user received, oldest first (the export of their data). */
  allOf(userId: string): Promise<Message[]> {
    return this.db.getRepository(Message).find({ where: { userId }, order: { id: 'ASC' } });
  }

  /**
   * 注销账号, inside the caller's transaction: what was said to the person, and WeChat deliveries
   * and subscriptions (they carry the openid), go with them.
   */
  async forgetUser(userId: string, tx: EntityManager): Promise<void> {
    await tx.delete(Message, { userId });
    await tx.delete(Delivery, { userId });
    await tx.delete(WechatSubscription, { userId });
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.db.getRepository(Message).countBy({ userId: actor.id, readAt: IsNull() });
  }

  /** Marks the caller's own messages read (others' ids are ignored); already read ones keep their time. */
  async read(actor: Actor, ids: string[] | 'all'): Promise<void> {
    const where = { userId: actor.id, readAt: IsNull(), ...(ids === 'all' ? {} : { id: In(ids.map(Number)) }) };
    if (ids !== 'all' && !ids.length) return;
    await this.db.getRepository(Message).update(where, { readAt: new Date() });
  }

  /**
   * What the user accepted in wx.requestSubscribeMessage: each accepted template allows one more
   * message of it. Only the configured templates count.
   */
  async accept(actor: Actor, accepted: string[], config: AppConfig['wechat']): Promise<{ templateId: string; remaining: number }[]> {
    const known = new Set([config.templateCaseProgress, config.templateCaseClosed].filter((t): t is string => !!t));
    const unknown = accepted.filter((t) => !known.has(t));
    if (unknown.length) throw invalid({ accepted: '包含未配置的订阅消息模板' });
    const repo = this.db.getRepository(WechatSubscription);
    const now = new Date();
    const add = (templateId: string) =>
      repo
        .createQueryBuilder()
        .update()
        .set({ remaining: () => 'remaining + 1', updatedAt: now })
        .where('user_id = :u AND template_id = :t', { u: actor.id, t: templateId })
        .execute();
    for (const templateId of accepted) {
      if ((await add(templateId)).affected) continue;
      try {
        await repo.insert({ userId: actor.id, templateId, remaining: 1, updatedAt: now });
      } catch (err) {
        // A concurrent first acceptance inserted the row: count this one on top.
        if (!isUniqueViolation(err)) throw err;
        await add(templateId);
      }
    }
    const rows = await repo.findBy({ userId: actor.id });
    return rows.map((r) => ({ templateId: r.templateId, remaining: r.remaining }));
  }
}
