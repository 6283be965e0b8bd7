import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { CategoryDto } from '@xc/shared';
import { AppError, invalid, notFound } from '../common/app-error.js';
import { Cached } from '../common/cached.js';
import { reportCountsByCategory } from '../cases/report-counts.js';
import { CacheBus } from '../redis/cache-bus.js';
import { Category } from './category.entity.js';
import type { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto.js';

const REPORT_COUNT_WINDOW_MS = 365 * 24 * 3600 * 1000;

export function toCategoryDto(c: Category): CategoryDto {
  return {
    code: c.code,
    name: c.name,
    kind: c.kind,
    theme: c.theme,
    timeLimit: c.timeLimitValue !== null && c.timeLimitUnit ? { value: c.timeLimitValue, unit: c.timeLimitUnit } : null,
  };
}

@Injectable()
export class CategoriesService {
  /** Every category by code: a small table read on every report and every list. */
  readonly all = new Cached(async () => new Map((await this.categories.find()).map((c) => [c.code, c])));

  /**
   * Cases reported per category over the last 365 days: one aggregate, kept ten minutes (an order
   * of chips needs no fresher figures, and a month of tens of thousands of cases is not re-counted
   * on every form).
   */
  readonly reportCounts = new Cached(() => reportCountsByCategory(this.db, new Date(Date.now() - REPORT_COUNT_WINDOW_MS)), 10 * 60_000);

  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly caches: CacheBus,
  ) {
    caches.on('categories', () => this.all.invalidate());
  }

  /** The tree: majors (部件 then 事件) with their active subcategories, each with its report count. */
  async tree(): Promise<CategoryDto[]> {
    const [all, counts] = await Promise.all([
      this.categories.find({ where: { active: true }, order: { code: 'ASC' } }),
      this.reportCounts.get(),
    ]);
    return all
      .filter((c) => c.parentCode === null)
      .map((m) => ({
        ...toCategoryDto(m),
        children: all.filter((c) => c.parentCode === m.code).map((c) => ({ ...toCategoryDto(c), reportCount: counts.get(c.code) ?? 0 })),
      }));
  }

  /** A subcategory a case may use; 400 naming the field when unknown or inactive. */
  async requireLeaf(code: string, field = 'categoryCode'): Promise<Category> {
    const c = (await this.all.get()).get(code);
    if (!c || c.parentCode === null || !c.active) throw invalid({ [field]: `未知的问题类别 ${code}` });
    return c;
  }

  async create(dto: CreateCategoryDto): Promise<CategoryDto> {
    if (await this.categories.findOneBy({ code: dto.code }))
      throw new AppError('CONFLICT', '类别编码已存在', { fields: { code: '类别编码已存在' } });
    const parent = await this.categories.findOneBy({ code: dto.code.slice(0, 4) });
    if (!parent) throw invalid({ code: `大类 ${dto.code.slice(0, 4)} 不存在` });
    const c = this.categories.create({
      code: dto.code,
      kind: parent.kind,
      major: parent.major,
      name: dto.name,
      parentCode: parent.code,
      theme: dto.theme,
      timeLimitValue: dto.timeLimit.value,
      timeLimitUnit: dto.timeLimit.unit,
      duplicateRadiusM: dto.duplicateRadiusM ?? 50,
      status: 'source',
      active: true,
    });
    const saved = await this.categories.save(c);
    this.caches.invalidate('categories');
    return toCategoryDto(saved);
  }

  async update(code: string, dto: UpdateCategoryDto): Promise<CategoryDto> {
    const c = await this.categories.findOneBy({ code });
    if (!c) throw notFound('类别不存在');
    if (dto.name !== undefined) c.name = dto.name;
    if (dto.theme !== undefined) c.theme = dto.theme;
    if (dto.timeLimit) {
      c.timeLimitValue = dto.timeLimit.value;
      c.timeLimitUnit = dto.timeLimit.unit;
    }
    if (dto.duplicateRadiusM !== undefined) c.duplicateRadiusM = dto.duplicateRadiusM;
    if (dto.active !== undefined) c.active = dto.active;
    const saved = await this.categories.save(c);
    this.caches.invalidate('categories');
    return toCategoryDto(saved);
  }
}
