/**
 * Speakable Chinese → the input espeak-ng's `cmn-latn-pinyin` voice reads as Mandarin. Found by
 * trying it (`espeak-ng -v cmn-latn-pinyin -x` prints the phonemes):
 * - syllables with tone numbers separated by spaces: "ni3 hao3" → n'i35 X'Au214 (espeak applies
 *   the third-tone sandhi itself, so the written tones are given, not the sandhi ones);
 * - the neutral tone must be 5 ("de5" → t@11); a bare "de" is read as a first tone (t'@55), and
 *   pinyin-pro's 0 is not understood;
 * - ü is written v ("lv4" = "lü4" → l'y51), keeping the input ASCII;
 * - ASCII , . ? ! end a clause (a pause and the intonation of the mark); Chinese marks are mapped
 *   to them;
 * - a lone Latin letter is read as its letter name ('a' → ei), so Latin words are spelled letter
 *   by letter rather than mistaken for pinyin.
 * The default `cmn` voice must not be used: it turns 汉字 into pinyin and then reads that pinyin
 * as English words ("san one").
 */
import { pinyin } from 'pinyin-pro';
import { toSpeakableChinese } from './speakable.ts';

/**
 * Words pinyin-pro gets wrong out of context (咳嗽 alone gives hai1 sou4), or reads in a way that
 * is wrong on the phone (喂 is wei2 when answering). Checked against every prompt of the bundled
 * templates in pinyin.test.ts.
 */
const WORD_READINGS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['咳嗽', ['ke2', 'sou5']],
  ['肚子', ['du4', 'zi5']],
  ['喂', ['wei2']],
];

/** Chinese numeral characters: after 点 in a number, 一 keeps its own tone (三十七点一, not yi2). */
const NUMERAL_CHARS = new Set([...'零〇一二两三四五六七八九十百千万亿']);

const CLAUSE_MARKS: Readonly<Record<string, string>> = {
  '，': ',', ',': ',', '、': ',', '；': ',', ';': ',', '：': ',', ':': ',', '—': ',', '～': ',', '~': ',', '\n': '.',
  '。': '.', '.': '.', '…': '.', '！': '!', '!': '!', '？': '?', '?': '?',
};
/** Which mark wins when several meet ("？”。" is a question). */
const MARK_STRENGTH: Readonly<Record<string, number>> = { ',': 1, '.': 2, '!': 3, '?': 4 };

export interface PinyinOptions {
  /** The text is a person's name: surnames get their surname readings (单 shan4, 曾 zeng1, 区 ou1). */
  personName?: boolean;
}

/** Text (digits allowed) → "nin2 hao3, zhe4 li3 shi4 ..." for `espeak-ng -v cmn-latn-pinyin`. */
export function toEspeakPinyin(text: string, o: PinyinOptions = {}): string {
  const speakable = toSpeakableChinese(text);
  const items = pinyin(speakable, {
    type: 'all', toneType: 'num', v: true, ...(o.personName ? { mode: 'surname', surname: 'head' } : {}),
  });
  const chars = items.map((item) => item.origin);
  const readings = items.map((item) => (item.isZh && item.pinyin ? item.pinyin : null));
  applyWordReadings(chars, readings);
  for (let i = 2; i < chars.length; i++) {
    if (chars[i] === '一' && chars[i - 1] === '点' && NUMERAL_CHARS.has(chars[i - 2] ?? '')) readings[i] = 'yi1';
  }

  const out: string[] = [];
  let pendingMark = '';
  const flushMark = (): void => {
    if (pendingMark && out.length > 0) out[out.length - 1] += pendingMark;
    pendingMark = '';
  };
  chars.forEach((ch, i) => {
    const reading = readings[i];
    if (reading) {
      flushMark();
      out.push(reading.replace(/0$/, '5'));
      return;
    }
    const mark = CLAUSE_MARKS[ch];
    if (mark) {
      if ((MARK_STRENGTH[mark] ?? 0) > (MARK_STRENGTH[pendingMark] ?? 0)) pendingMark = mark;
      return;
    }
    if (/^[A-Za-z]$/.test(ch)) {
      flushMark();
      out.push(ch.toLowerCase());
    }
    // Anything else (quotes, brackets, spaces, symbols) is not spoken.
  });
  flushMark();
  return out.join(' ');
}

function applyWordReadings(chars: string[], readings: (string | null)[]): void {
  for (const [word, syllables] of WORD_READINGS) {
    const wordChars = [...word];
    for (let i = 0; i + wordChars.length <= chars.length; i++) {
      if (wordChars.every((ch, k) => chars[i + k] === ch)) syllables.forEach((s, k) => { readings[i + k] = s; });
    }
  }
}

/** The number of spoken syllables in espeak pinyin input (for plausibility checks). */
export function syllableCount(espeakPinyin: string): number {
  return espeakPinyin.split(/\s+/).filter((token) => /^[a-z]+[1-5]/.test(token)).length;
}
