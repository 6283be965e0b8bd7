import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Open311IntakeDto } from '@xc/shared';
import { Open311Key, Open311Submission } from './open311.entities.js';
import { toIntakeDto } from './open311.mapper.js';

/**
 * What other features may read and erase of an Open311 request's submission (the contact and
 * attributes an integrator sent with a case). Depends on nothing but the database, so the case view
 * can use it although the Open311 endpoints use the cases.
 */
@Injectable()
export class Open311SubmissionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** What an Open311 request brought besides the case (contact, attributes, an unfetched media link), or null. */
  async intakeOf(caseId: string): Promise<Open311IntakeDto | null> {
    const sub = await this.db.getRepository(Open311Submission).findOneBy({ caseId });
    if (!sub) return null;
    const key = sub.keyId ? await this.db.getRepository(Open311Key).findOneBy({ id: sub.keyId }) : null;
    return toIntakeDto(sub, key);
  }

  /** Erases the contact sent with these cases (retention, 注销账号), inside the caller's transaction. */
  async eraseContacts(caseIds: readonly string[], tx: EntityManager): Promise<void> {
    if (caseIds.length)
      await tx.update(Open311Submission, { caseId: In([...caseIds]) }, { firstName: null, lastName: null, email: null, phone: null });
  }
}
