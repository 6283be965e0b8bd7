import type { CaseSummaryDto, CategoryDto, EvaluationGroupDto } from '@xc/shared';

/** Pure helpers of the dispatch form: which units to suggest first, the case's time limit. */

export interface UnitOption {
  id: string;
  name: string;
  /** Why it is suggested: 所在街道 / 所在区县. */
  why?: string;
}

export interface UnitChoices {
  suggested: UnitOption[];
  groups: { code: string; name: string; units: UnitOption[] }[];
}

/** 南关街道 → 南关, 将官池镇 → 将官池, 椹涧乡 → 椹涧. */
export function streetStem(name: string): string {
  return name.replace(/街道$|乡$|镇$/, '');
}

/**
 * The units of the case's street (the street group's unit whose name holds the street's name) and
 * district first, then every group in bulletin order without those.
 */
export function suggestUnits(groups: readonly EvaluationGroupDto[], c: Pick<CaseSummaryDto, 'street' | 'district'>): UnitChoices {
  const suggested: UnitOption[] = [];
  const taken = new Set<string>();
  const stem = c.street?.name ? streetStem(c.street.name) : '';
  if (stem) {
    const matches = groups.filter((g) => g.code === 'street').flatMap((g) => g.units.filter((u) => u.name.includes(stem)));
    // Two districts may have a street of the same name: prefer the case's district.
    const inDistrict = c.district?.name ? matches.filter((u) => u.name.includes(c.district!.name)) : [];
    for (const u of inDistrict.length ? inDistrict : matches) {
      if (!taken.has(u.id)) {
        suggested.push({ ...u, why: '所在街道' });
        taken.add(u.id);
      }
    }
  }
  if (c.district?.name) {
    for (const g of groups) {
      for (const u of g.units) {
        if (u.name === c.district.name && !taken.has(u.id)) {
          suggested.push({ ...u, why: '所在区县' });
          taken.add(u.id);
        }
      }
    }
  }
  const rest = [...groups]
    .sort((a, b) => a.order - b.order)
    .map((g) => ({ code: g.code, name: g.name, units: g.units.filter((u) => !taken.has(u.id)).map((u) => ({ ...u })) }))
    .filter((g) => g.units.length > 0);
  return { suggested, groups: rest };
}

/** The leaf category of a code in the tree (with its time limit), or null. */
export function findCategory(tree: readonly CategoryDto[], code: string | null): CategoryDto | null {
  if (!code) return null;
  for (const major of tree) {
    if (major.code === code) return major;
    for (const c of major.children ?? []) if (c.code === code) return { ...c, theme: c.theme ?? major.theme };
  }
  return null;
}

/** Every leaf category of the tree, with its theme. */
export function leafCategories(tree: readonly CategoryDto[]): CategoryDto[] {
  const out: CategoryDto[] = [];
  for (const major of tree) for (const c of major.children ?? []) out.push({ ...c, theme: c.theme ?? major.theme });
  return out;
}
