/**
 * What a failed INVITE means for the campaign (呼叫结果): the SIP final status (RFC 3261 §21), or —
 * when the carrier played an announcement as early media first ("您拨打的电话已关机") — what the
 * announcement said. Chinese carriers often answer a switched-off or suspended phone with early
 * media followed by a 486 or 480, so the status alone would call it busy; without a recogniser to
 * hear the announcement it is honestly 'unknown' (and retried by the campaign's policy).
 */
import type { DialOutcome } from '../channels/channel.ts';
import type { AnnouncementKind } from './speech/announcement.ts';

export type FailedDialOutcome = Exclude<DialOutcome, 'connected'>;

/** The outcome a final non-2xx status stands for. */
export function outcomeOfStatus(status: number): FailedDialOutcome {
  switch (status) {
    case 486: case 600: return 'busy';
    case 480: case 408: case 487: return 'no_answer';
    case 603: case 403: case 607: return 'rejected';
    case 404: case 484: case 604: case 410: return 'empty_number';
    default:
      if (status >= 500 && status < 600) return 'unreachable';
      if (status >= 600) return 'rejected';
      return 'unknown';
  }
}

/**
 * The outcome of a call that failed after early media. Ringback music (彩铃) followed by no answer
 * is still no answer; any other failure after audible early media is what the announcement said,
 * or unknown when nobody could hear it.
 */
export function outcomeAfterEarlyMedia(status: number, announcement: AnnouncementKind | null): FailedDialOutcome {
  const byStatus = outcomeOfStatus(status);
  if (announcement !== null && announcement !== 'unknown') return announcement;
  return byStatus === 'no_answer' ? 'no_answer' : 'unknown';
}
