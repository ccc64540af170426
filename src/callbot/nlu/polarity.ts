/**
 * Polarity of a clause: yes / no / unsure, from negations (没有, 不, 冇, 木有, 没得, 呒没 …), double
 * negation (不是没有 = yes), hedges (说不好, 可能, 好像 … = unsure), yes particles (嗯, 对, 是的, 系 …)
 * and "all is well" phrases (挺好的, 正常, 没事 = no symptom). Pure; regular expressions compiled once.
 */
import type { YesNo } from './model.ts';

/** Hedges: the person does not know or will not commit. "听不清" is a request to repeat, not a hedge. */
export const HEDGE = /可能|好像|也许|或许|大概|似乎|估摸|说不好|说不清|说不准|说不上来|说不上|(?<!听)不清楚|(?<!听)不太清楚|搞不清|弄不清|不知道|不晓得|晓不得|弗晓得|勿晓得|唔知|母知|不确定|不太确定|不一定|记不清|记不太清|记不得|不记得|不太记得|不大记得|忘了|忘记了|不好说|难说|没注意|没留意|不敢说|没数/;

/** Negations (dialect forms included). */
export const NEGATION = /没有|没得|没的|没|木有|莫得|么得|冇|呒没|呒|无|不是|不|唔|未|毋|否|哪有|哪里有|哪儿有|并没/;

/** Negation right after a symptom word: "咳嗽没有", "发烧倒没有", "胸闷倒是不闷". Not "咳得不厉害". */
export const NEGATION_AFTER = /^(?:倒是|倒也|倒|是|也|都|就|还|真|确实|其实|好像|呢|的话|这个|嘛)*(?:没有|没得|没|不|冇|无|木有|莫得|唔)(?!太?(?:厉害|严重|多|明显|重|大|高|好|停|断|了))/;

/** "不是没有", "不是不", "没说没有": two negations make a yes. */
export const DOUBLE_NEGATION = /不是没|不是不|没说没|并不是没|也不是没/;

/** Everything is fine: a "no" to whichever symptom was asked. */
export const HEALTHY = /挺好|很好|都好|好着|好得很|好的很|还好|还行|正常|没事|没啥事|没什么事|没问题|没毛病|健康|好好的|什么都没有|啥都没有|都没有|啥症状都没|什么症状都没|没有任何症状|没任何症状|没什么症状|没啥症状|没有症状|没症状|没什么不舒服|没有不舒服|没不舒服|没啥不舒服|一切都好|没得事|冇事|冇问题|好得很|倍儿棒|棒棒的|杠杠的|好着呢|没啥|没什么/;

/** Yes particles and short affirmations. */
export const AFFIRMATIVE = /^(?:嗯|恩|对|是|有|系|好的|行|可以|没错|当然|肯定|确实|必须|那必须|对头|是滴|有滴|要得|嗯呐|嗯哪|嗯那|昂|ok|yes)|有点|有一点|有些|是的|对的|有的/;

/** Words with a 不/没 that says nothing about a slot ("天气不错", "不好意思"). */
export const NEUTRAL = /不舒服|不太舒服|不好意思|不客气|不用谢|没关系|不错|没办法|不好受/g;

export function hedged(text: string): boolean {
  return HEDGE.test(text);
}

/**
 * The polarity of a clause that names no slot ("没有", "嗯,有一点", "不是没有", "说不好"), or null when
 * it carries none ("抽烟的", "早上量的"). `healthy` is reported separately: it means no symptom.
 */
export function barePolarity(text: string): YesNo | 'healthy' | null {
  if (!text) return null;
  if (HEDGE.test(text)) return 'unsure';
  text = text.replace(NEUTRAL, '＿');
  if (DOUBLE_NEGATION.test(text)) return 'yes';
  if (HEALTHY.test(text)) return 'healthy';
  if (NEGATION.test(text)) return 'no';
  if (AFFIRMATIVE.test(text)) return 'yes';
  return null;
}

/**
 * The polarity of a slot word at [start, end) of a clause: hedge → unsure; double negation → yes;
 * a negation before it ("没有发烧", "不咳") or right after it ("咳嗽没有") → no; otherwise yes.
 * `masked` is the clause with words that carry a negation of their own (没劲, 喘不上气) blanked out.
 */
export function termPolarity(masked: string, start: number, end: number): YesNo {
  if (HEDGE.test(masked)) return 'unsure';
  const before = masked.slice(0, start);
  if (DOUBLE_NEGATION.test(before)) return 'yes';
  if (NEGATION.test(before)) return 'no';
  if (NEGATION_AFTER.test(masked.slice(end))) return 'no';
  return 'yes';
}

/** Combines what several clauses said about one slot: a yes anywhere counts (screening errs that way), then unsure. */
export function combine(a: YesNo | undefined, b: YesNo): YesNo {
  if (a === undefined || a === b) return b;
  if (a === 'yes' || b === 'yes') return 'yes';
  return 'unsure';
}
