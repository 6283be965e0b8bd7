import type { DataSource } from 'typeorm';
import { sqlDate } from '../common/db-utils.js';
import { Case } from './case.entity.js';

/**
 * Cases reported per category since `since`: one aggregate over the cases table, owned here. A
 * function rather than a CasesService method because cases depend on categories (the categories
 * feature orders its chips by these counts, and a service dependency back would be a cycle).
 */
export async function reportCountsByCategory(db: DataSource, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .getRepository(Case)
    .createQueryBuilder('c')
    .select('c.category_code', 'code')
    .addSelect('COUNT(*)', 'n')
    .where('c.category_code IS NOT NULL')
    .andWhere('c.reported_at >= :since', { since: sqlDate(since) })
    .groupBy('c.category_code')
    .getRawMany<{ code: string; n: number | string }>();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}
