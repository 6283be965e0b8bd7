import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReporterContactDto, UserDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { AuthStateService } from '../auth/auth-state.service.js';
import { AuthService } from '../auth/auth.service.js';
import { CaseRecordsService } from '../cases/case-records.service.js';
import { visibilityOf } from '../cases/case-view.service.js';
import { forbidden, invalid, notFound } from '../common/app-error.js';
import { MediaService } from '../media/media.service.js';
import { MessagesService } from '../notifications/messages.service.js';
import { Open311SubmissionsService } from '../open311/open311-submissions.service.js';
import { UsersService } from '../users/users.service.js';
import { AuditService } from './audit.service.js';
import { normalizePhone } from './phone.js';
import { PoliciesService } from './policies.service.js';
import { Consent } from './privacy.entities.js';
import { DELETED_USER_NAME } from './reporter-view.js';
import { WechatPhoneClient } from './wechat-phone.client.js';

/** One section of the export: adding a kind of data held about a person is one line in `EXPORT_SECTIONS`. */
type ExportSection = (svc: AccountService, userId: string) => Promise<unknown>;

const EXPORT_SECTIONS: Record<string, ExportSection> = {
  profile: (s, id) => s.exportProfile(id),
  consents: (s, id) => s.policies.consentsOf(id),
  cases: (s, id) => s.exportCases(id),
  ratings: (s, id) => s.exportRatings(id),
  messages: (s, id) => s.exportMessages(id),
};

/** The person's own data: phone, export, 注销账号; and staff's audited reads of a reporter's contact. */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly states: AuthStateService,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly wechatPhone: WechatPhoneClient,
    readonly policies: PoliciesService,
    private readonly cases: CaseRecordsService,
    private readonly messages: MessagesService,
    private readonly open311: Open311SubmissionsService,
  ) {}

  /** GET /me: the account, its own phone and whether the current privacy policy still needs a tick. */
  async me(actor: Actor): Promise<UserDto> {
    const user = await this.users.get(actor.id);
    const consent = await this.policies.state(actor.id);
    return { ...(await this.users.toDto(user)), phone: user.phone, consentRequired: consent.required, consentedVersion: consent.accepted };
  }

  /** PUT /me/phone: `code` from WeChat's phone-number button, or a typed `phone`; `phone: null` removes it. */
  async setPhone(actor: Actor, dto: { code?: string; phone?: string | null }): Promise<UserDto> {
    let phone: string | null;
    if (dto.code) phone = await this.wechatPhone.phoneNumber(dto.code);
    else if (dto.phone === null) phone = null;
    else if (typeof dto.phone === 'string') {
      phone = normalizePhone(dto.phone);
      if (!phone) throw invalid({ phone: '请输入 11 位手机号码' });
    } else throw invalid({ code: '请提供微信授权码或手机号码' });
    await this.users.setPhone(actor.id, phone);
    return this.me(actor);
  }

  /** GET /me/export: everything held about the caller, nothing of anyone else (staff appear by role only). */
  async export(actor: Actor): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { exportedAt: new Date().toISOString() };
    for (const [name, section] of Object.entries(EXPORT_SECTIONS)) out[name] = await section(this, actor.id);
    await this.audit.write(actor, 'me.export', actor.id, { sections: Object.keys(EXPORT_SECTIONS) });
    return out;
  }

  async exportProfile(userId: string) {
    const u = await this.users.get(userId);
    return {
      id: u.id,
      username: u.username,
      name: u.name,
      roles: u.roles,
      phone: u.phone,
      wechatLinked: !!u.openid,
      createdAt: u.createdAt.toISOString(),
    };
  }

  async exportCases(userId: string) {
    const { cases, history } = await this.cases.ofReporter(userId);
    if (!cases.length) return [];
    const media = await this.media.rows([
      ...cases.flatMap((c) => [...c.mediaIds, ...c.afterMediaIds]),
      ...history.flatMap((h) => h.mediaIds),
    ]);
    const urls = (ids: string[]) => ids.flatMap((id) => (media.get(id) ? [this.media.toDto(media.get(id)!, 'full').url] : []));
    return cases.map((c) => ({
      caseNo: c.caseNo,
      status: c.status,
      channel: c.channel,
      categoryCode: c.categoryCode,
      theme: c.theme,
      description: c.description,
      lat: c.lat,
      lng: c.lng,
      address: c.address,
      reportedAt: c.reportedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      photos: urls(c.mediaIds),
      afterPhotos: urls(c.afterMediaIds),
      history: history
        .filter((h) => h.caseId === c.id)
        .map((h) => ({
          action: h.action,
          from: h.fromStatus,
          to: h.toStatus,
          at: h.at.toISOString(),
          // Who acted is told by role only: a staff member's identity is theirs, not the reporter's.
          byMe: h.actorId === userId,
          actorRole: h.actorRole,
          note: h.note,
          photos: urls(h.mediaIds),
        })),
    }));
  }

  async exportRatings(userId: string) {
    const rated = await this.cases.ratedBy(userId);
    return rated.map((c) => ({ caseNo: c.caseNo, rating: c.rating, comment: c.ratingComment, ratedAt: c.ratedAt?.toISOString() ?? null }));
  }

  /** The 消息中心 as the person received it. */
  async exportMessages(userId: string) {
    const rows = await this.messages.allOf(userId);
    return rows.map((m) => ({
      kind: m.kind,
      title: m.title,
      body: m.body,
      caseNo: m.caseNo,
      createdAt: m.createdAt.toISOString(),
      readAt: m.readAt?.toISOString() ?? null,
    }));
  }

  /**
   * 注销账号: the row stays (cases point at it) but holds nothing of the person any more. Tokens
   * end at once; a later WeChat login with the same openid makes a new account.
   */
  async delete(actor: Actor): Promise<void> {
    const user = await this.users.get(actor.id);
    if (user.roles.some((r) => r !== 'citizen')) throw forbidden('工作人员账号不能自行注销，请联系管理员停用');
    await this.db.transaction(async (tx) => {
      await this.users.anonymize(user.id, DELETED_USER_NAME, tx);
      await tx.delete(Consent, { userId: user.id });
      const caseIds = await this.cases.forgetReporter(user.id, tx);
      // What was said to the person, and WeChat deliveries (they carry the openid), go with them.
      await this.messages.forgetUser(user.id, tx);
      // Contact an Open311 client of the platform sent with this person's own reports.
      await this.open311.eraseContacts(caseIds, tx);
      await this.auth.revoke(user.id, 'all', tx);
      await this.audit.write(actor, 'account.delete', user.id, { cases: caseIds.length }, tx);
    });
    this.policies.forget(user.id);
    this.users.forgetRecipients();
    await this.states.changed(user.id);
  }

  /** Staff tapped 查看联系方式 on a case: the reporter's name and full phone, logged. */
  async reporterContact(actor: Actor, caseId: string): Promise<ReporterContactDto> {
    const c = await this.cases.findById(caseId);
    if (!c) throw notFound('问题不存在');
    if (visibilityOf(c, actor) !== 'full') throw forbidden('只有处理该问题的工作人员可以查看上报人联系方式');
    const user = await this.users.findById(c.reporterId);
    const erased = !!c.contactErasedAt || !user || !!user.deletedAt;
    await this.audit.write(actor, 'reporter.reveal', user?.id ?? null, { caseId: c.id, caseNo: c.caseNo });
    if (erased) return { name: user?.deletedAt ? DELETED_USER_NAME : '（联系方式已按保存期限删除）', phone: null };
    return { name: user.name, phone: user.phone };
  }
}
