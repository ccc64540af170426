/** Test-only helpers for the campaign DB tests: campaigns over HTTP, import files, a scripted channel. */
import ExcelJS from 'exceljs';
import type { Session } from '../../../test/support/http-users.ts';
import type { CallChannel, CallSession, DialOutcome, Heard } from '../channels/channel.ts';

export const WINDOWS = [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:30' }];

export async function templateId(session: Session, key = 'returnee-screening'): Promise<string> {
  const res = await session.request({ method: 'GET', url: '/api/callbot/templates' });
  if (res.statusCode !== 200) throw new Error(`templates: ${res.body}`);
  return (res.json() as { key: string; scriptId: string }[]).find((t) => t.key === key)!.scriptId;
}

export async function newCampaign(session: Session, body: Record<string, unknown>): Promise<any> {
  const res = await session.request({
    method: 'POST', url: '/api/callbot/campaigns',
    payload: { name: '返乡摸排', channel: 'simulated', windows: WINDOWS, attemptsPerDay: 3, retryIntervalMinutes: 30, endsOn: '2026-12-05', variables: { community: '文新社区' }, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`campaign: ${res.body}`);
  return res.json();
}

export function csvImport(session: Session, campaignId: string, text: string) {
  return session.request({ method: 'POST', url: `/api/callbot/campaigns/${campaignId}/callees/import`, headers: { 'content-type': 'text/csv' }, payload: Buffer.from(text, 'utf8') });
}

export async function xlsxFile(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A channel whose numbers answer as told: a list of dial outcomes per number (the last repeats) and, when connected, the replies in order. */
export function scriptedChannel(plan: Record<string, { dial?: DialOutcome[]; replies?: (string | null)[] }>): CallChannel & { dialled: string[] } {
  const dialled: string[] = [];
  const counts = new Map<string, number>();
  return {
    name: 'scripted',
    dialled,
    async dial({ phone }) {
      dialled.push(phone);
      const n = counts.get(phone) ?? 0;
      counts.set(phone, n + 1);
      const p = plan[phone] ?? {};
      const outcome = p.dial ? p.dial[Math.min(n, p.dial.length - 1)]! : 'connected';
      if (outcome !== 'connected') return { outcome };
      const replies = [...(p.replies ?? [])];
      const session: CallSession = {
        async say() {},
        async listen(): Promise<Heard> {
          if (replies.length === 0) return { kind: 'hangup' };
          const next = replies.shift()!;
          return next === null ? { kind: 'silence' } : { kind: 'speech', text: next };
        },
        async hangUp() {},
      };
      return { outcome, session };
    },
  };
}

/** Answers of a healthy returnee to the returnee-screening template. */
export const HEALTHY = ['是的', '回来了', '三十六度五', '不咳嗽', '没有', '没有', '没有', '没去过外地', '没有接触过'];
/** Answers of a returnee with fever and cough. */
export const FEVERISH = ['是我', '回来了', '三十八度二', '有点咳嗽', '没有', '没有', '没有', '没有', '没有'];
