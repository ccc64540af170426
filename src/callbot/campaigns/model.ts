/**
 * Campaigns (外呼任务) and callees (呼叫对象), pure: the checks of a new campaign, the columns of an
 * import and the check of each row, and how rows merge (the same number twice in a campaign: the
 * first row wins, the rest are counted as merged).
 */
import { shanghaiDay } from '../../kernel/time.ts';
import type { CallbotErrorCode } from '../errors.ts';
import { normalisePhone } from './phone.ts';
import { checkWindows, type CallingWindow } from './schedule.ts';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_CHANNELS = ['chat', 'simulated', 'sip'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export const CALLEE_STATUSES = ['pending', 'dialling', 'done', 'cancelled'] as const;
export type CalleeStatus = (typeof CALLEE_STATUSES)[number];
export const REGISTRY_SOURCES = ['close_contacts', 'risk_returnees'] as const;
export type RegistrySource = (typeof REGISTRY_SOURCES)[number];

export const MAX_IMPORT_ROWS = 50_000;
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
/** Variables every callee supplies itself; the rest come from the campaign. */
export const CALLEE_VARIABLES = ['name'] as const;

export interface CampaignInput {
  name: string;
  regionCode: string;
  scriptId: string;
  channel: CampaignChannel;
  windows: CallingWindow[];
  attemptsPerDay: number;
  retryIntervalMinutes: number;
  endsOn: string;
  variables: Record<string, string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; code: CallbotErrorCode; field: string };

/** The campaign's own fields (the script and region are checked against the database by the service). */
export function checkCampaignInput(input: CampaignInput, now: Date): Checked<CampaignInput> {
  const name = input.name.trim();
  if (Array.from(name).length < 1 || Array.from(name).length > 100) return { ok: false, code: 'CALLBOT_CAMPAIGN_NAME_INVALID', field: 'name' };
  if (!(CAMPAIGN_CHANNELS as readonly string[]).includes(input.channel)) return { ok: false, code: 'CALLBOT_CHANNEL_INVALID', field: 'channel' };
  const windows = checkWindows(input.windows);
  if (!windows) return { ok: false, code: 'CALLBOT_WINDOWS_INVALID', field: 'windows' };
  if (!Number.isInteger(input.attemptsPerDay) || input.attemptsPerDay < 1 || input.attemptsPerDay > 10) return { ok: false, code: 'CALLBOT_ATTEMPTS_INVALID', field: 'attemptsPerDay' };
  if (!Number.isInteger(input.retryIntervalMinutes) || input.retryIntervalMinutes < 5 || input.retryIntervalMinutes > 1440) {
    return { ok: false, code: 'CALLBOT_RETRY_INTERVAL_INVALID', field: 'retryIntervalMinutes' };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.endsOn) || Number.isNaN(Date.parse(input.endsOn)) || input.endsOn < shanghaiDay(now)) {
    return { ok: false, code: 'CALLBOT_ENDS_ON_INVALID', field: 'endsOn' };
  }
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.variables)) {
    const value = v.trim();
    if (value !== '') variables[k] = value;
  }
  return { ok: true, value: { ...input, name, windows, variables } };
}

/** The script's variables neither the callee nor the campaign supplies. */
export function missingVariables(scriptVariables: readonly string[], campaignVariables: Record<string, string>): string[] {
  return scriptVariables.filter((v) => !(CALLEE_VARIABLES as readonly string[]).includes(v) && !campaignVariables[v]);
}

/** Import columns: Chinese or English header names (case and spaces ignored). */
const HEADERS: Record<'name' | 'phone' | 'address' | 'tags' | 'community', readonly string[]> = {
  name: ['姓名', '名字', 'name'],
  phone: ['电话', '手机', '手机号', '手机号码', '电话号码', '联系电话', 'phone', 'mobile', 'tel', 'telephone'],
  address: ['地址', '住址', '居住地址', 'address'],
  tags: ['标签', 'tags', 'tag'],
  community: ['社区', '社区代码', '区划代码', 'community', 'region', 'regioncode', 'communitycode'],
};
export type ImportColumn = keyof typeof HEADERS;

/** Column indexes by field, or undefined when name or phone is missing. */
export function mapHeader(header: readonly unknown[]): Partial<Record<ImportColumn, number>> | undefined {
  const out: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, i) => {
    const key = String(cell ?? '').normalize('NFKC').replace(/[\s_*（）()]/g, '').toLowerCase();
    for (const [field, names] of Object.entries(HEADERS) as [ImportColumn, readonly string[]][]) {
      if (out[field] === undefined && names.includes(key)) out[field] = i;
    }
  });
  return out.name !== undefined && out.phone !== undefined ? out : undefined;
}

export interface CalleeRow {
  name: string;
  phone: string;
  address: string | null;
  tags: string[];
  community: string | null;
}

export type RowCheck = { ok: true; row: CalleeRow } | { ok: false; code: CallbotErrorCode };

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v)).normalize('NFKC').trim();

/** One data row (cells by column index). The community code is checked against the regions by the service. */
export function checkImportRow(cells: readonly unknown[], columns: Partial<Record<ImportColumn, number>>): RowCheck {
  const cell = (c: ImportColumn) => (columns[c] === undefined ? undefined : cells[columns[c]!]);
  const name = text(cell('name'));
  if (name === '' || Array.from(name).length > 50) return { ok: false, code: 'CALLBOT_NAME_REQUIRED' };
  const rawPhone = cell('phone');
  const phone = normalisePhone(typeof rawPhone === 'number' ? rawPhone : text(rawPhone));
  if (!phone.ok) return { ok: false, code: phone.code };
  const address = text(cell('address'));
  if (Array.from(address).length > 200) return { ok: false, code: 'CALLBOT_ADDRESS_TOO_LONG' };
  const tags = [...new Set(text(cell('tags')).split(/[,，;；、\s]+/).filter(Boolean))];
  if (tags.length > 20 || tags.some((t) => Array.from(t).length > 20)) return { ok: false, code: 'CALLBOT_TAGS_INVALID' };
  const community = text(cell('community'));
  if (community !== '' && !/^\d{6}(\d{3})?$/.test(community)) return { ok: false, code: 'CALLBOT_REGION_INVALID' };
  return { ok: true, row: { name, phone: phone.phone, address: address || null, tags, community: community || null } };
}

/** A row is blank when every cell is empty (skipped, not an error). */
export function isBlankRow(cells: readonly unknown[]): boolean {
  return cells.every((c) => text(c) === '');
}
