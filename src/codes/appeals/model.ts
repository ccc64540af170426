/** Appeals (纠错), pure: limits, the deadline, overdue, cursors. No I/O. */
export const MAX_OPEN_APPEALS = 3;
/** "Three working days" kept simple: 72 hours from filing. */
export const APPEAL_DEADLINE_MS = 72 * 3_600_000;
export const APPEAL_OUTCOMES = ['upheld', 'corrected'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

export function checkLength(raw: string | undefined, min: number, max: number): string | undefined {
  const text = (raw ?? '').trim();
  const length = Array.from(text).length;
  return length >= min && length <= max ? text : undefined;
}

export function deadlineFor(filedAt: Date): Date {
  return new Date(filedAt.getTime() + APPEAL_DEADLINE_MS);
}

export function isOverdue(appeal: { status: string; deadlineAt: Date }, at: Date): boolean {
  return appeal.status === 'open' && appeal.deadlineAt.getTime() < at.getTime();
}

export interface QueueCursor {
  deadlineAt: Date;
  id: string;
}

export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(`${cursor.deadlineAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeQueueCursor(raw: string): QueueCursor | undefined {
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const deadlineAt = new Date(at);
  return Number.isNaN(deadlineAt.getTime()) ? undefined : { deadlineAt, id };
}
