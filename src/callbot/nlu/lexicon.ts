/**
 * The words that name each yes/no slot in an answer, and the phrases that say a slot is fine.
 * Longer words first inside one expression; words that carry their own negation (没劲 = fatigue,
 * 喘不上气 = breathing trouble) are listed in SELF_NEGATING so that their 没/不 is not read as a "no".
 */
import type { QuestionId, YesNoSlot } from './model.ts';

type SymptomSlot = Extract<YesNoSlot, 'fever' | 'cough' | 'diarrhea' | 'fatigue' | 'breathing' | 'contact'>;

/** Words naming a slot in any answer (to any question). */
export const SLOT_TERMS: Record<SymptomSlot, readonly string[]> = {
  fever: ['发烧', '发热', '发烫', '低烧', '高烧', '烧', '体温高', '体温偏高', '体温有点高', '热度', '烫'],
  cough: ['咳嗽', '咳', '嗽', '有痰', '痰'],
  diarrhea: ['拉肚子', '腹泻', '闹肚子', '拉稀', '跑厕所', '跑肚', '泻肚', '肚屙', '屙', '拉了肚子', '坏肚子', '窜稀', '蹿稀', '跑茅房', '上吐下泻', '泻'],
  fatigue: ['乏力', '一点劲都没有', '一点劲都没', '劲都没有', '劲也没有', '一点力气都没有', '力气都没有', '没有劲', '没啥劲', '没什么劲', '没劲儿', '没劲', '没力气', '没有力气', '没什么力气', '没啥力气', '没力', '无力', '冇力', '没精神', '没有精神', '没什么精神', '没精打采', '有气无力', '疲劳', '疲倦', '疲惫', '疲乏', '犯困', '困', '累', '乏', '浑身软', '全身软', '酸痛', '浑身疼', '全身酸'],
  breathing: ['胸闷', '胸口闷', '胸口发闷', '胸口疼', '闷', '气短', '气促', '气急', '喘不上气', '喘不过气', '透不过气', '上不来气', '喘不动', '呼吸困难', '呼吸不畅', '呼吸不顺', '呼吸急促', '憋气', '憋得慌', '憋', '哮喘', '喘'],
  contact: ['密切接触', '密接', '次密接', '接触', '确诊', '阳性', '疑似', '病例', '病人', '患者', '感染者', '感染了'],
};

/** Words that name a slot only when that slot was asked ("不拉" to the diarrhea question). */
export const ASKED_ONLY_TERMS: Partial<Record<QuestionId, readonly string[]>> = {
  diarrhea: ['拉'],
  fatigue: ['累着', '乏'],
};

/** Terms whose own 没/无/不 is part of the symptom. */
export const SELF_NEGATING = new Set([
  '一点劲都没有', '一点劲都没', '劲都没有', '劲也没有', '一点力气都没有', '力气都没有', '没有劲', '没啥劲', '没什么劲', '没劲儿', '没劲', '没力气', '没有力气', '没什么力气', '没啥力气', '没力', '无力', '冇力', '没精神', '没有精神', '没什么精神', '没精打采', '有气无力',
  '喘不上气', '喘不过气', '透不过气', '上不来气', '喘不动', '呼吸不畅', '呼吸不顺',
]);

/** Phrases that say a slot is fine ("呼吸没问题", "大便正常", "精神挺好的"). */
export const SLOT_HEALTHY: Record<SymptomSlot, RegExp> = {
  fever: /体温(?:一直|挺|很|都|还|也)*(?:正常|不高|还行|挺好|没(?:啥|什么)?问题)|温度(?:正常|不高)|不烫|没热度|不热/,
  cough: /嗓子(?:挺|很)?好/,
  diarrhea: /大便(?:挺|很|都|还|也)?正常|肚子(?:挺|很|都|还|也)?(?:好|没事|正常|没(?:啥|什么)?问题|舒服)|肠胃(?:挺|很|都|还|也)?(?:好|正常|没事|没(?:啥|什么)?问题)/,
  fatigue: /精神(?:头)?(?:挺|很|还|蛮|都|也|倍儿|特别)?(?:好|不错|可以|足|还行)|(?:挺|很|蛮|还)?有精神|有劲|有力气|浑身是劲/,
  breathing: /呼吸(?:挺|很|都|还|也|蛮|特别|非常|比较|一直)?(?:正常|顺畅|通畅|没(?:啥|什么)?问题|可以|挺好|还好|好)|喘气(?:挺|很|都|还|也)?(?:正常|没(?:啥|什么)?问题|顺畅|挺好|还好)|不喘/,
  contact: /(?!)/,
};

/**
 * A clause about someone else ("我家孩子三十八度", "孩子发烧了"): its temperature and symptoms are not
 * the callee's (contact words still count: "我同事确诊了" is the callee's contact).
 */
export const SOMEONE_ELSE_CLAUSE = /^(?:我家|我们家|家里|我的|我那|我)?(?:孩子|小孩|娃|儿子|女儿|闺女|老公|老婆|爱人|媳妇|丈夫|妻子|爸爸|妈妈|爸|妈|父亲|母亲|老人|爷爷|奶奶|姥姥|姥爷|外公|外婆|公公|婆婆|同事|邻居|朋友|他|她)(?!们都)/;

/** Cases nearby are not contact: "我们小区有确诊的". */
export const CASE_NEARBY = /(?:小区|村|楼|单位|附近|这边|我们这|厂|公司|学校)(?:里|上|儿)?(?:有|出了|发现了?)(?:个|一个|几个|人)?(?:确诊|阳性|病例|疑似)(?:的|病例)?/;

/** Someone else's symptom: "接触过一个发烧的病人" names fever, but not the callee's. */
export const SOMEONE_ELSE_AFTER = /^(?:的|了的)?(?:人|病人|患者|同事|朋友|亲戚|邻居)/;

export const SYMPTOM_SLOTS = Object.keys(SLOT_TERMS) as SymptomSlot[];
export type { SymptomSlot };

function alternation(words: Iterable<string>): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** term → slot, and one expression finding any slot term (longest first). */
export const TERM_SLOT = new Map<string, SymptomSlot>();
for (const slot of SYMPTOM_SLOTS) for (const term of SLOT_TERMS[slot]) if (!TERM_SLOT.has(term)) TERM_SLOT.set(term, slot);
export const ANY_TERM = new RegExp(alternation(TERM_SLOT.keys()), 'g');

/** Per asked question: terms that count only then, as one expression. */
export const ASKED_TERM = new Map<QuestionId, RegExp>();
for (const [question, words] of Object.entries(ASKED_ONLY_TERMS) as [QuestionId, readonly string[]][]) {
  ASKED_TERM.set(question, new RegExp(alternation([...words, ...SLOT_TERMS[question as SymptomSlot]]), 'g'));
}

/** Measuring did not happen: the fever is unknown whatever else is said. */
export const NOT_MEASURED = /没(?:有)?(?:来得及|顾上|空)?(?:量|测)|还没(?:量|测)|没法量|量不了|没(?:有)?(?:体温计|温度计|体温表)|体温计坏/;
