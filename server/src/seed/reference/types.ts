import type { Theme, TimeLimitUnit } from '@xc/shared';

import type { RefStatus } from '../../common/ref-status.js';

export type { RefStatus };

export interface RefDistrict {
  /** 6 digits; a pseudo code where no GB/T 2260 code exists (see `note`). */
  code: string;
  name: string;
  status: RefStatus;
  note?: string;
}

export interface RefStreet {
  /** 9 digits = district code + 3. */
  code: string;
  name: string;
  districtCode: string;
  type: '街道' | '乡' | '镇';
  status: RefStatus;
  note?: string;
}

export interface RefCommunity {
  /** 12 digits = street code + 3. */
  code: string;
  name: string;
  streetCode: string;
  status: RefStatus;
}

export interface RefGrid {
  /** 15 digits (CJ/T 213) = community code + 3-digit sequence. */
  code: string;
  name: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  /** Closed ring of [lng, lat], WGS84, counter-clockwise. Plausible shapes, not surveyed. */
  polygon: [number, number][];
}

export type GroupCode = 'county' | 'central' | 'city' | 'street';

export interface RefGroup {
  code: GroupCode;
  name: string;
  order: number;
  listMode: 'full' | 'top_bottom';
  noun: string;
  expectedCount: number;
}

export interface RefUnit {
  code: string;
  /** Exactly as printed in the bulletin where the bulletin names the unit. */
  name: string;
  groupCode: GroupCode;
  /** Order inside the group: units sharing a score are listed in this order. */
  order: number;
  kind: 'county' | 'district' | 'department' | 'enterprise' | 'street';
  districtCode: string | null;
  streetCode: string | null;
  status: RefStatus;
  note?: string;
}

export interface RefCategory {
  /** 4 digits for a major (10/20 + major), 6 digits for a subcategory (CJ/T 214). */
  code: string;
  kind: 'part' | 'event';
  major: string;
  name: string;
  parentCode: string | null;
  theme: Theme | null;
  timeLimit: { value: number; unit: TimeLimitUnit } | null;
  /** Provenance of the code and name (cjt214-categories.csv). */
  status: RefStatus;
  /** Provenance of the time limit: `source` when a row of case-time-limits.csv matches. */
  timeLimitStatus?: RefStatus;
  /** The matching published standard, for sourced time limits. */
  timeLimitSource?: string;
  note?: string;
}

export interface RefHoliday {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  status: RefStatus;
}

/** A point known to lie inside `gridCode` (the street's first grid), WGS84. */
export interface RefSamplePoint {
  streetCode: string;
  gridCode: string;
  lng: number;
  lat: number;
}
