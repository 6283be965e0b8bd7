import { addWorkingTime, workingMinutesBetween, type WorkCalendar, type WorkTimeUnit } from '../calendar/working-time.js';

/**
 * 挂账 pauses the handling clock (the dispatcher's form says so: 期限暂停计算): on 恢复 the unit
 * gets back the time it had left when the case was pended, counted the way its category's limit
 * counts (clock hours, or working time with the holiday calendar). A case pended after its
 * deadline had passed stays overdue from that same deadline.
 */
export function resumedDeadline(p: { deadline: Date; pendedAt: Date; resumedAt: Date; unit: WorkTimeUnit }, cal: WorkCalendar): Date {
  if (p.deadline <= p.pendedAt) return p.deadline;
  if (p.unit === 'hour') return new Date(p.resumedAt.getTime() + (p.deadline.getTime() - p.pendedAt.getTime()));
  const left = workingMinutesBetween(p.pendedAt, p.deadline, cal);
  return addWorkingTime(p.resumedAt, left / 60, 'workhour', cal);
}
