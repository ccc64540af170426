/**
 * Script text → text that reads right when each character is turned into pinyin: every digit and
 * symbol becomes the Chinese words a person would say (37.3℃ → 三十七点三度). espeak-ng only gets
 * pinyin, so whatever is left as digits here would be lost. Pure.
 *
 * Reading conventions (chosen for a phone line to elderly listeners):
 * - amounts are read as numbers: 14天 → 十四天, 10000 → 一万, 2000 → 两千; a lone 2 before a
 *   measure word is 两 (2个 → 两个, 2次 → 两次) but 第2 → 第二;
 * - keys and codes are read digit by digit with 一 (按1 → 按一, 如365 → 如三六五, 365# → 三六五井号):
 *   the keypad says "1", and the prompt should say the same word as the key the person looks for;
 * - phone numbers are read digit by digit with 幺 for 1 (13800138000 → 幺三八，〇〇幺三，八〇〇〇):
 *   the telephone convention in China, because 一 (yī) and 七 (qī) are easily confused on a narrow
 *   band line; mobile numbers are grouped 3-4-4 with short pauses;
 * - room and bus numbers digit by digit (302室 → 三零二室, 101路 → 一零一路);
 * - years digit by digit (2020年 → 二〇二〇年), months and days as numbers (3月5日 → 三月五日);
 * - decimals: the integer part as a number, the fraction digit by digit (36.50 → 三十六点五零);
 * - 12.5% → 百分之十二点五, 3-5天 → 三到五天, 8:30 → 八点三十分, # → 井号, * → 星号.
 */

const DIGIT_WORDS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const SECTION_UNITS = ['', '万', '亿', '万亿'] as const;
const PLACE_UNITS = ['', '十', '百', '千'] as const;

/** Measure words after which a lone 2 is said 两 (两个人, 两天, 两次). */
const MEASURE_WORDS = new Set([...'个位天次岁周件条家口人种遍顿杯斤米张本支只份片粒瓶盒剂针项名户间层点台辆套双对批趟回句碗']);
/** Multi-character measure words starting a lone-2 rule (两小时, 两分钟, 两星期, 两公里). */
const MEASURE_PREFIXES = ['小时', '分钟', '星期', '公里', '礼拜', '毫升'];

/** Characters right before a digit run that make it keys or a code (按1, 输入365, 如365, 拨9, 验证码1234). */
const KEY_CONTEXT = /(?:按|键|输入|键入|如|拨|码[为是]?|编号)[\s:：“"「]*$/;
/** Words right before a digit run that make it a phone number (拨打12345, 电话010-12345678). */
const PHONE_CONTEXT = /(?:拨打|致电|电话|热线|号码|手机|来电)(?:是|为)?[\s:：“"「]*$/;

/** One digit after another: 365 → 三六五; `one` is 一 for keys and codes, 幺 for phone numbers. */
export function digitsOneByOne(digits: string, o: { one?: '一' | '幺'; zero?: '零' | '〇' } = {}): string {
  let out = '';
  for (const ch of digits) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) continue;
    out += d === 1 ? (o.one ?? '一') : d === 0 ? (o.zero ?? '零') : DIGIT_WORDS[d];
  }
  return out;
}

/** A whole number said as an amount: 0 → 零, 15 → 十五, 110 → 一百一十, 1005 → 一千零五, 20000 → 两万. */
export function cardinal(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (trimmed === '0') return '零';
  if (trimmed.length > 16) return digitsOneByOne(digits);
  const sections: string[] = [];
  for (let end = trimmed.length; end > 0; end -= 4) sections.unshift(trimmed.slice(Math.max(0, end - 4), end));
  let out = '';
  let zeroPending = false;
  sections.forEach((section, i) => {
    const unit = SECTION_UNITS[sections.length - 1 - i] ?? '';
    const value = Number(section);
    if (value === 0) {
      zeroPending = out !== '';
      return;
    }
    // 一千零五十 / 十万零五百: a gap of zeros inside the number is said once as 零.
    if (out !== '' && (zeroPending || section.padStart(4, '0')[0] === '0')) out += '零';
    out += sectionWords(section.padStart(4, '0')) + unit;
    zeroPending = false;
  });
  if (out.startsWith('一十')) out = out.slice(1); // 十五, not 一十五 (only at the start: 一百一十)
  // 两千, 两万, 一亿两千万 are what people say for a 2 leading a section before these units (but 十二万).
  return out.replace(/(^|[万亿零])二(?=[千万亿])/g, '$1两');
}

function sectionWords(four: string): string {
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = four.charCodeAt(i) - 48;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += (DIGIT_WORDS[d] ?? '') + PLACE_UNITS[3 - i];
    zero = false;
  }
  return out;
}

/** 37.3 → 三十七点三, 0.5 → 零点五, 36.50 → 三十六点五零. */
export function decimal(integer: string, fraction: string | undefined): string {
  return fraction ? `${cardinal(integer)}点${digitsOneByOne(fraction)}` : cardinal(integer);
}

function isMeasureAhead(text: string, at: number): boolean {
  const next = text[at];
  if (next !== undefined && MEASURE_WORDS.has(next)) return true;
  return MEASURE_PREFIXES.some((word) => text.startsWith(word, at));
}

function phoneWords(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) {
    return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].map((g) => digitsOneByOne(g, { one: '幺' })).join('，');
  }
  return number.split(/[-\s]+/).filter(Boolean).map((g) => digitsOneByOne(g, { one: '幺' })).join('，');
}

const FULL_WIDTH = /[０-９％＃＊．：～－]/g;

function halfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Runs of digits (with the separators of phone numbers, decimals and times), read by context. */
const NUMBER_TOKEN = /(?<![\d])(\+?\d[\d]*(?:-\d+)*(?:[.:]\d+)?)/g;

export function toSpeakableChinese(text: string): string {
  let s = halfWidth(text);
  // Calendar dates written with separators: 2020-03-05, 2020/3/5.
  s = s.replace(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, (_, y: string, m: string, d: string) =>
    `${digitsOneByOne(y, { zero: '〇' })}年${cardinal(m)}月${cardinal(d)}日`);
  s = s.replace(/(?<!\d)(\d{4})(?=\s*年)/g, (y: string) => digitsOneByOne(y, { zero: '〇' }));
  s = s.replace(/(?<![\d.])(\d+)(?:\.(\d+))?\s*%/g, (_, i: string, f?: string) => `百分之${decimal(i, f)}`);
  s = s.replace(/(?<![\d.])(\d+)(?:\.(\d+))?\s*(?:℃|°C|°|摄氏度)/g, (_, i: string, f?: string) => `${decimal(i, f)}度`);
  // Ranges of small numbers: 3-5天, 3~5天, 37.3—38度 → 三到五天 (before phone numbers eat the dash).
  s = s.replace(/(?<![\d.])(\d{1,4}(?:\.\d+)?)\s*[-~—–]\s*(\d{1,4}(?:\.\d+)?)(?![\d-])/g, (whole, a: string, b: string, at: number, all: string) =>
    PHONE_CONTEXT.test(all.slice(0, at)) || /^0\d/.test(a) ? whole : `${a}到${b}`);
  s = s.replace(/(?<![\dA-Za-z])-(?=\d)/g, '负');
  s = s.replace(NUMBER_TOKEN, (token: string, _t: string, at: number, all: string) => readToken(token, all, at));
  s = s.replace(/#号?/g, '井号').replace(/\*号?/g, '星号').replace(/%/g, '百分号').replace(/\+/g, '加');
  return s;
}

function readToken(token: string, all: string, at: number): string {
  const before = all.slice(Math.max(0, at - 8), at);
  const after = at + token.length;
  const plain = token.replace(/^\+/, '');
  const prefix = token.startsWith('+') ? '加' : '';
  const time = /^(\d{1,2}):(\d{2})$/.exec(plain);
  if (time) return prefix + clockTime(time[1] as string, time[2] as string);
  const isPhone = PHONE_CONTEXT.test(before) || plain.includes('-') || /^\d{7,}$/.test(plain) || (plain.startsWith('0') && plain.length >= 3 && !plain.includes('.'));
  if (isPhone && !plain.includes('.') && !KEY_CONTEXT.test(before)) return prefix + phoneWords(plain);
  // Room and bus numbers of three digits or more are said digit by digit too: 302室 → 三零二室.
  const keys = KEY_CONTEXT.test(before) || '#＃键'.includes(all[after] ?? '_') || (plain.length >= 3 && '室房路'.includes(all[after] ?? '_'));
  if (keys && /^\d+$/.test(plain)) return prefix + digitsOneByOne(plain);
  const [integer = '', fraction] = plain.split(/[.:]/);
  if (fraction === undefined && integer.length > 1 && integer.startsWith('0')) return prefix + digitsOneByOne(integer);
  if (fraction === undefined && integer === '2' && !before.endsWith('第') && isMeasureAhead(all, after)) return `${prefix}两`;
  return prefix + decimal(integer, fraction);
}

/** 8:30 → 八点三十分, 14:05 → 十四点零五分, 2:00 → 两点. */
function clockTime(hours: string, minutes: string): string {
  const h = Number(hours) === 2 ? '两' : cardinal(hours);
  const m = Number(minutes);
  if (m === 0) return `${h}点`;
  return `${h}点${m < 10 ? '零' : ''}${cardinal(String(m))}分`;
}
