/**
 * 给居民看的原因说明。Fills a stage's text: plain words, dates as days (2月11日 / 11 Feb) in
 * Asia/Shanghai. The values come from the person's own facts and the risk-area list only, so no
 * other person's identity can reach the text.
 */
import type { Colour, LocalizedText } from './model.ts';

export const TEXT_PLACEHOLDERS = ['since', 'until', 'earliestRelease', 'days', 'checkins', 'colour'] as const;

const COLOUR_WORDS: Record<Colour, LocalizedText> = { green: { zh: '绿码', en: 'green' }, yellow: { zh: '黄码', en: 'yellow' }, red: { zh: '红码', en: 'red' } };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatDay(d: Date, lang: 'zh' | 'en'): string {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  const month = local.getUTCMonth();
  return lang === 'zh' ? `${month + 1}月${local.getUTCDate()}日` : `${local.getUTCDate()} ${MONTHS[month]}`;
}

function formatValue(v: unknown, lang: 'zh' | 'en'): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return formatDay(v, lang);
  if (Array.isArray(v)) return v.map((x) => formatValue(x, lang)).join(lang === 'zh' ? '、' : ', ');
  if (typeof v === 'object') return '';
  return String(v);
}

/** Param values as stored on a Reason: strings and numbers only. */
export function normaliseParams(params: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'number') out[name] = v;
    else if (v instanceof Date) out[name] = v.toISOString();
    else out[name] = formatValue(v, 'zh');
  }
  return out;
}

export interface TextValues {
  since: Date;
  until: Date | null;
  earliestRelease: Date | null;
  days: number | null;
  checkins: number;
  colour: Colour;
  params: Record<string, unknown>;
}

export function renderReasonText(template: LocalizedText, values: TextValues): LocalizedText {
  const fill = (lang: 'zh' | 'en') =>
    template[lang].replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
      if (name === 'colour') return COLOUR_WORDS[values.colour][lang];
      if (name === 'earliestRelease') return formatValue(values.earliestRelease, lang);
      if (name in values.params) return formatValue(values.params[name], lang);
      if (name === 'since' || name === 'until' || name === 'days' || name === 'checkins') return formatValue(values[name], lang);
      return whole;
    });
  return { zh: fill('zh'), en: fill('en') };
}
