/**
 * What a carrier announcement heard as early media says (运营商提示音识别): before a failed call is
 * rejected, Chinese carriers play "您拨打的电话已关机" and the like. The text comes from a speech
 * recogniser, so matching tolerates its errors: spaces and punctuation, traditional characters,
 * homophones of the key words, and a wrong or missing character in longer phrases.
 */
export type AnnouncementKind = 'powered_off' | 'suspended' | 'empty_number' | 'busy' | 'unreachable' | 'unknown';

/** Key phrases per outcome, most telling first. Phrases of 4+ characters match with one error. */
const PHRASES: [Exclude<AnnouncementKind, 'unknown'>, string[]][] = [
  ['powered_off', ['电话已关机', '已关机', '关机']],
  ['suspended', ['电话已停机', '已停机', '欠费停机', '停机', '欠费']],
  ['empty_number', ['号码是空号', '是空号', '空号', '号码不存在', '不存在', '号码有误', '查证后再拨']],
  ['busy', ['正在通话中', '通话中', '用户正忙', '正忙', '占线', '忙']],
  ['unreachable', ['暂时无法接通', '无法接通', '不在服务区', '暂时无法接听', '无法接听']],
];

/** Traditional forms of the characters the phrases use (and of their usual company). */
const SIMPLIFIED: Record<string, string> = Object.fromEntries(
  [...'關機撥電話號碼暫時無區務戶佔線後請費對證確這個於該過處聯絡為開態狀應'].map((t, i) => [t, [...'关机拨电话号码暂时无区务户占线后请费对证确这个于该过处联络为开态状应'][i]!]),
);

/** Characters a recogniser writes for the key words' syllables (tones are often lost on the line). */
const HOMOPHONES: Record<string, string> = {
  观: '关', 官: '关', 冠: '关', 管: '关', 鳏: '关',
  听: '停', 挺: '停', 亭: '停', 庭: '停', 婷: '停', 廷: '停',
  控: '空', 孔: '空', 恐: '空',
  街: '接', 阶: '接', 皆: '接',
  站: '占', 战: '占', 展: '占',
};

export function classifyAnnouncement(text: string): AnnouncementKind {
  return classifyChinese(text) ?? classifyEnglish(text) ?? 'unknown';
}

function normaliseChinese(text: string): string {
  return [...text.normalize('NFKC')]
    .map((c) => SIMPLIFIED[c] ?? c)
    .map((c) => HOMOPHONES[c] ?? c)
    .filter((c) => /[\p{L}\p{N}]/u.test(c))
    .join('');
}

function classifyChinese(text: string): AnnouncementKind | null {
  const heard = normaliseChinese(text);
  let best: { kind: AnnouncementKind; score: number } | null = null;
  for (const [kind, phrases] of PHRASES) {
    for (const phrase of phrases) {
      const allowed = phrase.length >= 4 ? 1 : 0;
      const errors = fuzzySubstringDistance(phrase, heard);
      if (errors > allowed) continue;
      // A longer phrase heard intact says more than a shorter one or one heard with an error.
      const score = phrase.length - 2 * errors;
      if (!best || score > best.score) best = { kind, score };
    }
  }
  return best?.kind ?? null;
}

/**
 * The fewest edits (substitution, insertion, deletion) turning `pattern` into some substring of
 * `text`: Sellers' approximate string matching, one column of the edit table at a time.
 */
export function fuzzySubstringDistance(pattern: string, text: string): number {
  const p = [...pattern];
  let column = p.map((_, i) => i + 1); // distance of p[0..i] against the empty substring
  let best = column[p.length - 1] ?? 0;
  for (const t of text) {
    const next: number[] = [];
    let diagonal = 0; // a match may start anywhere in text: row "−1" is all zeros
    let above = 0;
    for (let i = 0; i < p.length; i++) {
      const left = column[i]!;
      const cost = Math.min(diagonal + (p[i] === t ? 0 : 1), left + 1, above + 1);
      next.push(cost);
      diagonal = left;
      above = cost;
    }
    column = next;
    best = Math.min(best, column[p.length - 1]!);
  }
  return best;
}

const ENGLISH: [Exclude<AnnouncementKind, 'unknown'>, RegExp][] = [
  ['powered_off', /\b(switched|powered|turned|power) off\b/],
  ['suspended', /\b(suspended|barred)\b/],
  ['empty_number', /\b(does not exist|doesn ?t exist|not in service|no longer in service|(is )?not a valid|invalid number|vacant)\b/],
  ['busy', /\bbusy\b/],
  ['unreachable', /\b(can ?not|can ?t) be (reached|connected)\b|\b(unreachable|not reachable|unavailable)\b|\bout of (the )?(service|coverage) area\b/],
];

function classifyEnglish(text: string): AnnouncementKind | null {
  const heard = text.normalize('NFKC').toLowerCase().replace(/[^a-z]+/g, ' ');
  return ENGLISH.find(([, pattern]) => pattern.test(heard))?.[0] ?? null;
}
