/**
 * When two visits make a contact (同时空接触), pure. The SQL in ../trace-store.ts applies the same
 * rule to millions of rows; this function states it once in code the tests read.
 *
 * A visit lasts from check-in to its leave time: the check-out when the person checked out, else
 * the check-in plus the stay length of the venue's kind (tracing settings), else the venue's
 * default stay recorded with the check-in. The source's visit (the case, or a close contact for
 * depth 2) is clipped to its window and extended by the tolerance tail: a visit overlaps it when
 * it starts before the tail ends and ends after the source arrived. Touching ends do not overlap.
 */
import { MINUTE_MS } from '../../kernel/time.ts';

export interface Visit {
  checkedInAt: Date;
  leaveAt: Date;
  leftExplicitly: boolean;
  venueKind: string;
}

export interface Overlap {
  start: Date;
  end: Date;
  minutes: number;
}

/** The longest a visit can last (a venue's stay is at most 1,440 minutes): how far back a search must look. */
export const MAX_STAY_MINUTES = 1440;

export function visitEnd(visit: Visit, stayMinutesByKind: Readonly<Record<string, number>>): Date {
  if (visit.leftExplicitly) return visit.leaveAt;
  const stay = stayMinutesByKind[visit.venueKind];
  return stay === undefined ? visit.leaveAt : new Date(visit.checkedInAt.getTime() + stay * MINUTE_MS);
}

export function overlapOf(
  source: Visit, contact: Visit, window: { from: Date; to: Date }, settings: { toleranceMinutes: number; stayMinutesByKind: Readonly<Record<string, number>> },
): Overlap | undefined {
  const sourceIn = Math.max(source.checkedInAt.getTime(), window.from.getTime());
  const sourceOut = Math.min(visitEnd(source, settings.stayMinutesByKind).getTime(), window.to.getTime());
  if (sourceOut <= sourceIn) return undefined;
  const tailEnd = sourceOut + settings.toleranceMinutes * MINUTE_MS;
  const contactIn = contact.checkedInAt.getTime();
  const contactOut = visitEnd(contact, settings.stayMinutesByKind).getTime();
  if (!(contactIn < tailEnd && contactOut > sourceIn)) return undefined;
  const start = Math.max(sourceIn, contactIn);
  const end = Math.min(tailEnd, contactOut);
  return { start: new Date(start), end: new Date(end), minutes: Math.round((end - start) / MINUTE_MS) };
}
