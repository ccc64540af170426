/**
 * Text normalisation for answer understanding: full-width → half-width, the traditional characters
 * people (and some input methods) use → simplified, punctuation unified, fillers dropped, and the
 * answer split into clauses (each clause gets its own polarity: "不烧,就是有点咳").
 * Pure and browser-safe; the tables are built once at module load.
 */

/** Traditional → simplified, for the characters that occur in screening answers (pairs: trad, simp). */
const TRADITIONAL_PAIRS =
  '點点燒烧發发溫温過过觸触確确診诊沒没對对漢汉還还來来廣广順顺暢畅體体熱热氣气悶闷頭头腦脑瀉泻難难聽听說说話话請请轉转問问隱隐' +
  '電电別别錯错認认識识個个這这裡里裏里見见親亲鄰邻經经門门嗎吗麼么們们為为會会時时間间開开車车現现東东蘇苏陽阳黃黄岡冈荊荆隨随' +
  '寧宁潛潜鄉乡縣县區区無无從从給给歲岁於于後后幾几機机報报測测試试際际國国內内兩两壓压痠酸勁劲睏困離离嚴严厲厉礙碍醫医衛卫樓楼' +
  '務务聯联繫系係系實实應应該该記记覺觉謝谢雲云貳贰參叁陸陆與与這这邊边場场過过嗽嗽虛虚弱弱乾干濕湿癢痒啞哑喉喉嚨咙鼻鼻塞塞' +
  '復复類类疑疑似似觸触傳传染染隔隔離离專专員员醫医護护檢检驗验結结陰阴陽阳種种針针劑剂罩罩腸肠胃胃拉拉稀稀廁厕趟趟' +
  '兒儿沒没喚唤麼么啥啥甚什麽么誰谁哪哪怎怎樣样處处麻麻煩烦騙骗討讨厭厌廢废訴诉擾扰黑黑單单位位愛爱講讲聲声遍遍楚楚確确' +
  '鄭郑濟济遼辽吉吉龍龙錫锡鎮镇揚扬韓韩慶庆貴贵陝陕藏藏甯宁灣湾島岛澳澳門门圳圳廈厦臺台灣湾蒙蒙疆疆襄襄樊樊孝孝鄂鄂恩恩施施' +
  '滬沪寶宝嶺岭陳陈張张劉刘馬马趙赵孫孙錢钱週周禮礼拜拜星星期期號号碼码錯错線线總总領领導导負负責责';

const TRADITIONAL = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
  const from = TRADITIONAL_PAIRS[i]!;
  const to = TRADITIONAL_PAIRS[i + 1]!;
  if (from !== to) TRADITIONAL.set(from, to);
}

/** Punctuation that ends a clause; '?' is kept (a clause that asks is not an answer). */
const CLAUSE_PUNCTUATION = new Set([...'，,。、；;：:！!…~～·"\'“”‘’「」『』()（）[]【】《》<>/\\|-—_=+*&^%$#@`']);

/**
 * Character-level normalisation: full-width forms, traditional characters, lower case, unified
 * punctuation (',' between clauses, '?' for questions), whitespace dropped (spaces between keypad
 * digits too: "3 6 5" → "365"); a '.' between digits stays a decimal point.
 */
export function normaliseCharacters(text: string): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i]!;
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) ch = ' ';
    else if (ch === '。' || ch === '．') ch = '.';
    else if (ch === '？') ch = '?';
    ch = TRADITIONAL.get(ch) ?? ch;
    if (ch >= 'A' && ch <= 'Z') ch = ch.toLowerCase();
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    if (ch === '.') {
      const prev = out[out.length - 1];
      const next = chars[i + 1];
      const nextHalf = next === '．' ? '.' : next !== undefined && next.charCodeAt(0) >= 0xff10 && next.charCodeAt(0) <= 0xff19 ? String.fromCharCode(next.charCodeAt(0) - 0xfee0) : next;
      ch = prev !== undefined && prev >= '0' && prev <= '9' && nextHalf !== undefined && nextHalf >= '0' && nextHalf <= '9' ? '.' : ',';
    } else if (CLAUSE_PUNCTUATION.has(ch)) {
      ch = ',';
    }
    if (ch === ',' && (out.length === 0 || out.endsWith(',') || out.endsWith('?'))) continue;
    if (ch === '?' && out.endsWith(',')) out = out.slice(0, -1);
    out += ch;
  }
  return out;
}

/** Hesitation ("嗯……", "呃", "那个") and interjections carry nothing; a hesitating 嗯 is not a yes. */
const HESITATION = /呃+|额(?=,|$)|那个|这个嘛|哎呀|哎哟|唉|哎|诶|欸|em+/g;
const ELLIPSIS_HESITATION = /[嗯呃]+(?:…+|\.{2,}|。{2,}|——)/g;
/** Words that join clauses: each side gets its own polarity ("不烧,就是有点咳", "不咳嗽也不拉肚子" is one clause: its slot words each find their own negation). */
const CONNECTORS = /(?<![我他她这那])就是(?!我|本人|他|她)|但是|但(?!是)|可是|只不过|(?<![喘透忙看说])不过(?!气|来)|而且|并且|另外|然后|还有(?!点|一点|些)/g;

export interface Clause {
  /** The clause without trailing particles. */
  text: string;
  /** The clause as spoken (particles kept), for intents such as "啊?". */
  raw: string;
  /** Ended with '?' or is a question ("你是哪位"). */
  asks: boolean;
  /** Ended with '?' ("啊?" asks to repeat, "啊" does not). */
  questionMark: boolean;
}

const LEADING_PARTICLES = /^(?:哦|噢|喔|啊|哎|哈|诶|欸)+(?=.)/;
const TRAILING_PARTICLES = /(?:啊|呀|哈|嘛|吧|呢|哦|喔|噢|啦|咯|嘞|哇|哟|么|噻|撒|嘛|咧|哩|捏|呗)+$/;
// 哪儿也/哪里都 (+ a negation) is "nowhere", not a question: "哪儿也没去".
const QUESTION_WORDS = /吗|谁|哪位|哪个(?![也都])|哪里(?![也都])|哪儿(?![也都])|(?<!没)什么(?!都)|(?<!没)啥(?!都|事|症状|的)|怎么|为什么|干嘛|多少(?!度)|([\u4e00-\u9fff])[不没]\1/;

/** Normalised text → clauses (empty ones dropped). */
export function splitClauses(normalised: string): Clause[] {
  const text = normalised.replace(HESITATION, '').replace(CONNECTORS, ',');
  const clauses: Clause[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (i < text.length && ch !== ',' && ch !== '?') continue;
    const raw = text.slice(start, i);
    start = i + 1;
    if (!raw) continue;
    const stripped = raw.replace(TRAILING_PARTICLES, '').replace(LEADING_PARTICLES, '');
    clauses.push({ text: stripped, raw, questionMark: ch === '?', asks: ch === '?' || (QUESTION_WORDS.test(stripped) && !/^(没|不|冇)/.test(stripped)) });
  }
  return clauses;
}

/** The whole normalisation of an utterance (before splitting into clauses). */
export function normalise(text: string): string {
  return normaliseCharacters(text.replace(ELLIPSIS_HESITATION, ','));
}
