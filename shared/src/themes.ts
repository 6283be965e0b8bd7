/** The five citizen-facing themes of the source page; citizens pick these instead of CJ/T 214 codes. */
export const THEMES = ['市容秩序', '环境卫生', '大气污染防治', '园林绿化管养', '道路设施维护'] as const;
export type Theme = (typeof THEMES)[number];

export type TimeLimitUnit = 'hour' | 'workhour' | 'workday';
export const TIME_LIMIT_UNIT_LABELS: Record<TimeLimitUnit, string> = {
  hour: '小时',
  workhour: '工作小时',
  workday: '工作日',
};
