/** How a campaign's status and a callee's result look in the console (Element Plus tag types). */
import type { CallResult, CampaignStatus } from '../../api/callbot.ts';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

export function statusTagType(status: CampaignStatus): TagType {
  switch (status) {
    case 'running': return 'success';
    case 'paused': return 'warning';
    case 'draft': return 'info';
    case 'stopped': return 'danger';
    default: return 'primary';
  }
}

export function resultTagType(result: CallResult | null): TagType {
  switch (result) {
    case 'normal': return 'success';
    case 'abnormal': return 'danger';
    case 'needs_checking': return 'warning';
    default: return 'info';
  }
}

/** An ISO instant as Asia/Shanghai "MM-DD HH:mm" (the console's habit for times in lists). */
export function shanghaiMinute(at: string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
}
