import { cityMonth } from '@xc/shared';
import { monthRange } from '../common/month.js';

/**
 * How long after a month's end its figures are still allowed to move: a transition that read the
 * clock just before midnight may commit just after, and server clocks drift by seconds.
 */
export const CLOSURE_GRACE_MS = 10 * 60_000;

/**
 * The instant from which a month's figures at its end can no longer change. History rows carry the
 * time of the move (the server's clock at that moment) and are never rewritten, so once every move
 * up to the cut-off has committed, everything the figures at the cut-off read is fixed.
 */
export function monthClosesAt(month: string): Date {
  return new Date(monthRange(month).end.getTime() + CLOSURE_GRACE_MS);
}

export function isMonthClosed(month: string, now: Date): boolean {
  return now.getTime() >= monthClosesAt(month).getTime();
}

/** The latest month closed at `now`: the one before the current city month, once the grace has passed. */
export function lastClosedMonth(now: Date): string {
  const [y, m] = cityMonth(now.getTime() - CLOSURE_GRACE_MS)
    .split('-')
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
