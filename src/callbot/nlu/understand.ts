/**
 * `understand(question, utterance, context)`: what a callee's answer says — slots and a global
 * intent. Text from speech recognition, keypad digits, an SMS reply or a chat box all come here.
 *
 * Steps: normalise (width, traditional characters, punctuation, fillers) → clauses → global intent
 * per clause (intent clauses say nothing about slots) → temperature → slot words with their own
 * polarity per clause (several slots in one answer) → the asked question's slot from bare answers
 * (嗯 / 没有 / 说不好) → places against the risk areas. Whatever cannot be placed stays absent
 * (never guessed). Pure, browser-safe, no expression built per call; see README.md here for the
 * annotation conventions this follows.
 */
import type { GlobalIntent, QuestionId, Slots, Understanding, UnderstandingContext, YesNo, YesNoSlot } from './model.ts';
import { splitClauses, type Clause } from './normalise.ts';
import { clauseIntent, INTENT_PRIORITY } from './intents.ts';
import { highestTemperature } from './temperature.ts';
import { barePolarity, combine, HEDGE, NEGATION, NEGATION_AFTER, NEUTRAL, DOUBLE_NEGATION } from './polarity.ts';
import { ANY_TERM, ASKED_TERM, CASE_NEARBY, NOT_MEASURED, SELF_NEGATING, SLOT_HEALTHY, SOMEONE_ELSE_AFTER, SOMEONE_ELSE_CLAUSE, SYMPTOM_SLOTS, TERM_SLOT, type SymptomSlot } from './lexicon.ts';

/** A bare acknowledgement: a yes when nothing else in the answer says yes or no ("嗯,没有" is a no). */
const ACKNOWLEDGEMENT = /^(?:嗯|恩|嗯嗯|哦|噢)$/;
import { findPlaces, placeRisk, type PlaceMention } from './places.ts';
import { normalise } from './normalise.ts';

const MASK = '＿';
const mask = (text: string, start: number, end: number) => text.slice(0, start) + MASK.repeat(end - start) + text.slice(end);

/** Being with someone: contact ("和武汉回来的人一起吃过饭"). */
const WITH_SOMEONE = /(?:跟|和|与|同)[^,]{0,12}?(?:一起|吃过?饭|见过|住过?|坐过?|聚过?|打过交道|待过)/g;
/** Joins slot words that share one negation: "没有发烧和咳嗽", "发烧咳嗽都没有". */
const COORDINATOR = /^(?:和|跟|或|或者|及|以及|与|还有|、)?$/;

interface TermHit { slot: SymptomSlot; start: number; end: number }

/** Slot words (and "fine" phrases) in one clause, each with its polarity. */
function clauseSlots(text: string, question: QuestionId, into: Map<YesNoSlot, YesNo>, someoneElse: boolean): boolean {
  let masked = text.replace(NEUTRAL, (w) => MASK.repeat(w.length)).replace(CASE_NEARBY, (w) => MASK.repeat(w.length));
  let found = false;
  const hedge = HEDGE.test(masked);
  for (const slot of SYMPTOM_SLOTS) {
    if (someoneElse && slot !== 'contact') continue;
    const healthy = SLOT_HEALTHY[slot].exec(masked);
    if (!healthy) continue;
    into.set(slot, combine(into.get(slot), hedge ? 'unsure' : 'no'));
    masked = mask(masked, healthy.index, healthy.index + healthy[0].length);
    found = true;
  }
  const hits: TermHit[] = [];
  const collect = (pattern: RegExp, slotOf: (term: string) => SymptomSlot | undefined) => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(masked); m; m = pattern.exec(masked)) {
      const slot = slotOf(m[0]);
      if (!slot || (someoneElse && slot !== 'contact') || hits.some((h) => m!.index < h.end && m!.index + m![0].length > h.start)) continue;
      if (SOMEONE_ELSE_AFTER.test(masked.slice(m.index + m[0].length)) && slot !== 'contact') continue;
      hits.push({ slot, start: m.index, end: m.index + m[0].length });
    }
  };
  const askedTerms = ASKED_TERM.get(question);
  if (askedTerms) collect(askedTerms, () => question as SymptomSlot);
  collect(ANY_TERM, (term) => TERM_SLOT.get(term));
  collect(WITH_SOMEONE, () => 'contact');
  if (hits.length === 0) return found;
  hits.sort((a, b) => a.start - b.start);
  // Words that carry their own negation (没劲, 喘不上气) are masked so theirs does not count.
  let polarityText = masked;
  for (const hit of hits) if (SELF_NEGATING.has(masked.slice(hit.start, hit.end))) polarityText = mask(polarityText, hit.start, hit.end);
  // Coordinated words ("发烧咳嗽", "发烧和咳嗽") share the negation before or after the group.
  const groups: TermHit[][] = [];
  for (const hit of hits) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    if (group && last && COORDINATOR.test(polarityText.slice(last.end, hit.start).replace(/＿/g, ''))) group.push(hit);
    else groups.push([hit]);
  }
  const seen = new Set<SymptomSlot>();
  let previousEnd = 0;
  for (const group of groups) {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const scope = polarityText.slice(previousEnd, first.start);
    let value: YesNo;
    if (hedge) value = 'unsure';
    else if (DOUBLE_NEGATION.test(scope)) value = 'yes';
    else if (NEGATION.test(scope)) value = 'no';
    else if (NEGATION_AFTER.test(polarityText.slice(last.end))) value = 'no';
    else value = 'yes';
    previousEnd = last.end;
    for (const hit of group) {
      if (seen.has(hit.slot)) continue; // the first word of a slot in a clause decides it
      seen.add(hit.slot);
      into.set(hit.slot, combine(into.get(hit.slot), value));
    }
  }
  return true;
}

const IDENTITY_NO = /我是(?:他|她|它)|(?:他|她)是我|是我(?:爸|妈|老公|老婆|爱人|儿子|女儿|家|哥|姐|弟|妹|爷|奶|媳妇|丈夫|妻子)|我是.{0,3}(?:家属|家人|家里人|朋友|邻居|同事|亲戚|保姆)|不是(?:我|本人|他本人|她本人)|(?:他|她)(?:不在|出去|上班去|没在|在外)|^(?:不是|唔系|不系|冇系)$/;
const IDENTITY_YES = /是我(?!的)|我就是|就是我|我是本人|本人|系我|^我是(?:的)?$|是他本人|^我$/;

/**
 * A confirmation: a yes to the identity question, which scripts reuse to ask "听清楚了吗"
 * (复工通知). Whole clauses only, so 不明白 / 没听清楚 / 不知道 are never read as one; to "是张三吗?"
 * these are as plausible a yes as 好的. Weak, like a bare 嗯: any other clause that answers wins
 * ("他不在,我知道了" is a no).
 */
const CONFIRMED = /^(?:嗯|哦|噢|好|都|我|已经)*(?:(?:听|看)(?:清楚|清|明白|懂|到|见)|清楚|明白|懂|知道|晓得)了?$|^(?:收到|了解|明白)了?$|^(?:好|好的|好嘞|好咧|行|可以|没问题|ok|okay)+$/;

function identityOf(text: string): YesNo | null {
  if (HEDGE.test(text)) return null;
  if (IDENTITY_NO.test(text)) return 'no';
  if (IDENTITY_YES.test(text)) return 'yes';
  return null;
}

const IN_TOWN_NO = /不在|没在|在外地|在外面|在外省|在老家|回老家|还在|仲喺|没回|还没回|没有回|回不来|没返|冇返|在外|出差|国外|外国|海外|境外|在路上|(?:明天|后天|下周|下个?(?:礼拜|星期|月)|过几天|过两天|月底|年后|过完年|下礼拜|下星期)(?:才|就|再)?(?:能)?(?:回|到)|才回|(?:什么时候|啥时候|哪天|几时)(?:才|能)?回/;
const IN_TOWN_YES = /^(?:在(?:的|着)?)+$|喺度|喺呢度|在家|在本地|在这边|在这儿|在这里|一直在|回来了|已经回来|早回来|早就回来|到家了|在屋头|在屋里|哪(?:儿|里)?(?:也|都)没(?:去|走|出)|在本市|在呢|(?:待|呆|宅|蹲)在家|(?:没有|没得|木有|莫得|没|冇|未|不)(?:出(?:过|了)?(?:门|去|屋|远门)|外出|离开|走|动)/;
/**
 * Gone out (to "您今天一直待在家里吗"): away from where the call expects, a no. Not after a negation
 * ("没出去" stays home). Another clause that says yes wins ("回来了,出去买了个菜" is in town).
 */
const LEFT_HOME = /(?<!没|没有|没得|木有|莫得|冇|未|不|不能|不敢|不让|不准|没怎么)(?:出(?:了|过)?(?:一?趟)?(?:门|去)|外出|下(?:了|过)?(?:一?趟)?楼)/;

/**
 * in_town: is the callee where the call expects — in the area, staying home included (yes), or away
 * from it: out of town, not back yet, gone out (no)? "您现在回到本地了吗" and "您今天一直待在家里吗"
 * are the same question: 一直在家 / 没出门 = yes; 在外地 / 出差了 / 出门了 = no.
 */
function inTownOf(text: string): YesNo | null {
  if (IN_TOWN_NO.test(text)) return 'no';
  if (IN_TOWN_YES.test(text)) return 'yes';
  if (LEFT_HOME.test(text)) return 'no';
  return null;
}

/** A place said of someone else: "武汉回来的人". */
const PLACE_OF_SOMEONE_ELSE = /^(?:回来|来|过来|那边)?的(?:人|同事|朋友|亲戚|邻居|病人|老乡)/;
/** Where someone is from is not where they went: "我老家是湖北的". */
const PLACE_OF_ORIGIN_BEFORE = /(?:老家|家乡|籍贯|户口|户籍|祖籍)(?:是|在)?$/;
/** A negation after the place: "武汉没去过", "湖北没去". */
const NEGATED_AFTER_PLACE = /^(?:我|也|都|从来|从|倒是?|是)*(?:没有|没得|没|冇|木有|莫得|不曾|未曾|未)(?:去|到|回|待|呆|过|有去)/;
/** Travel long before the screening window: "去年去过武汉". */
const LONG_AGO = /去年|前年|几年前|好几年前|很久以前|小时候|上学的时候|上大学时/;
/** Verbs that make a place travel when the travel question was not the one asked. */
const TRAVEL_VERB = /去|到过|从|回|路过|经过|出差|待过|呆过|住过|转机|中转/;
const STAYED_LOCAL = /一直在(?:家|本地|这|屋|本市|村)|在家|本地|本市|本省|屋头|屋里|哪(?:也|都|儿都|里都|儿也)没|没出(?:过)?门|没出去|没离开|没(?:有)?动|没走|没出过/;
const WENT_SOMEWHERE = /去过|去了|到过|出差|出去过|回来过|回过|跑了一趟|出了趟|出门了|走亲戚/;
/** A bare "no" (没有, 木有, 从来没有, 一次都没有): an answer to the travel question by itself. */
const BARE_NEGATION = /^(?:我|都|也|真|真的|确实|从来|从|绝对|肯定|根本|压根|压根儿|一次|还|倒是?|就|是|完全)*(?:没有|没得|没的|没|木有|莫得|么得|冇|呒没|不是|不曾|未曾|并没有|并没|哪有|不|否|无)+(?:有|过|的|呢)*$/;
/** Acknowledging without answering: "好的", "行". */
const ACKNOWLEDGED_ONLY = /^(?:好|好的|行|可以|ok|收到|知道了)+$/;
/** Words about going somewhere: a negation with one of them ("我不出门的", "木有出去") answers the travel question. */
const TRAVEL_WORD = /去|到|出|离开|走|回|跑|动|外地|外面|远门|旅游|旅行|玩|地方/;

/** Travel in one clause: a risk place → yes; only other places (asked) → no; negated → no. */
function travelOf(text: string, asked: boolean, riskRegionCodes: readonly string[]): YesNo | null {
  const places: PlaceMention[] = findPlaces(text).filter((p) => !PLACE_OF_SOMEONE_ELSE.test(text.slice(p.end)) && !PLACE_OF_ORIGIN_BEFORE.test(text.slice(0, p.start)));
  const hedge = HEDGE.test(text);
  if (LONG_AGO.test(text)) return null;
  // 不/没 inside words that deny nothing ("天气不错", "不好意思") is no answer; same length keeps offsets.
  const plain = text.replace(NEUTRAL, (w) => MASK.repeat(w.length));
  if (places.length > 0) {
    const beforeFirst = plain.slice(0, places[0]!.start);
    const negated = (NEGATION.test(beforeFirst) && !DOUBLE_NEGATION.test(beforeFirst)) || places.some((p) => NEGATED_AFTER_PLACE.test(plain.slice(p.end)));
    const risks = places.map((p) => placeRisk(p, riskRegionCodes));
    const anyRisk = risks.includes('risk');
    if (!asked) {
      if (hedge || !anyRisk || !(TRAVEL_VERB.test(text))) return null;
      return negated ? 'no' : 'yes';
    }
    if (hedge) return 'unsure';
    if (negated) return 'no';
    if (anyRisk) return 'yes';
    return risks.includes('ambiguous') ? 'unsure' : 'no';
  }
  if (!asked) return null;
  if (hedge) return 'unsure';
  if (STAYED_LOCAL.test(plain)) return 'no';
  if (DOUBLE_NEGATION.test(plain)) return 'yes';
  // A negation answers only bare or about going somewhere: "我还没吃饭" / "没事" say nothing of travel (re-ask).
  if (NEGATION.test(plain)) return BARE_NEGATION.test(plain) || TRAVEL_WORD.test(plain) ? 'no' : null;
  if (WENT_SOMEWHERE.test(plain)) return 'yes';
  // 好的 / 行 acknowledge the question; they do not say "I went somewhere".
  return barePolarity(plain) === 'yes' && !ACKNOWLEDGED_ONLY.test(plain) ? 'yes' : null;
}

/** The slot a question is after (temperature's yes/no side is fever). */
const ASKED_SLOT: Record<QuestionId, YesNoSlot> = {
  identity: 'identity', in_town: 'in_town', temperature: 'fever', fever: 'fever', cough: 'cough', diarrhea: 'diarrhea',
  fatigue: 'fatigue', breathing: 'breathing', travel: 'travel', contact: 'contact',
};

export function understand(question: QuestionId, utterance: string, context: UnderstandingContext): Understanding {
  const clauses = splitClauses(normalise(utterance));
  let intent: GlobalIntent | null = null;
  const answers: Clause[] = [];
  for (const clause of clauses) {
    // "我不知道算不算咳嗽" asks nothing: an embedded question after a hedge is an answer.
    if (clause.asks && !clause.questionMark && HEDGE.test(clause.text)) clause.asks = false;
    const found = clauseIntent(clause.raw, clause.questionMark);
    if (found) {
      if (intent === null || INTENT_PRIORITY.indexOf(found) < INTENT_PRIORITY.indexOf(intent)) intent = found;
    } else {
      answers.push(clause);
    }
  }

  const slots: Slots = {};
  const own = answers.filter((c) => !SOMEONE_ELSE_CLAUSE.test(c.text));
  const texts = (own.length > 0 ? own : answers).filter((c) => !c.asks || /\d|度/.test(c.text)).map((c) => c.text);
  const temperature = highestTemperature(texts, question === 'temperature');
  if (temperature !== undefined) slots.temperature = temperature;

  const explicit = new Map<YesNoSlot, YesNo>();
  const asked = ASKED_SLOT[question];
  let bare: YesNo | undefined;
  let acknowledged = false; // a bare 嗯 (or, to identity, 知道了 / 好的): a yes unless something else answers
  let bareUnsure = false;
  let bareHealthy = false;
  let notMeasured = false;
  for (const clause of answers) {
    if (clause.asks) continue;
    const text = clause.text;
    if (NOT_MEASURED.test(text)) notMeasured = true;
    const someoneElse = SOMEONE_ELSE_CLAUSE.test(text);
    const hadTerms = clauseSlots(text, question, explicit, someoneElse);
    const travel = someoneElse ? null : travelOf(text, question === 'travel', context.riskRegionCodes);
    if (travel) explicit.set('travel', combine(explicit.get('travel'), travel));
    if (question === 'identity') {
      const value = identityOf(text);
      if (value) { explicit.set('identity', combine(explicit.get('identity'), value)); continue; }
      if (CONFIRMED.test(text)) { acknowledged = true; continue; }
    } else if (question === 'in_town') {
      const value = inTownOf(text);
      if (value) { explicit.set('in_town', combine(explicit.get('in_town'), value)); continue; }
    }
    if (hadTerms || question === 'travel' || travel || (someoneElse && question !== 'identity')) continue;
    if (ACKNOWLEDGEMENT.test(text)) { acknowledged = true; continue; }
    const polarity = barePolarity(text);
    if (polarity === null) continue;
    if (polarity === 'unsure') bareUnsure = true;
    if (polarity === 'healthy') bareHealthy = true;
    const value: YesNo | null = polarity === 'healthy' ? (question === 'identity' || question === 'in_town' ? null : 'no') : polarity;
    if (value && bare === undefined) bare = value;
  }

  if (!explicit.has(asked)) {
    if (question === 'temperature') {
      // A number answers the question; without one, "正常" says no fever and "不知道" unsure.
      if (temperature === undefined && bareUnsure) explicit.set('fever', 'unsure');
      else if (temperature === undefined && bareHealthy) explicit.set('fever', 'no');
    } else if (bareUnsure) {
      explicit.set(asked, 'unsure');
    } else if (bare) {
      explicit.set(asked, bare);
    } else if (acknowledged) {
      explicit.set(asked, 'yes');
    }
  }
  if (notMeasured && (question === 'temperature' || question === 'fever') && temperature === undefined) explicit.set('fever', 'unsure');
  if (intent === 'wrong_number') explicit.delete('identity');

  for (const [slot, value] of explicit) slots[slot] = value;
  return { intent, slots: orderSlots(slots) };
}

const SLOT_ORDER: readonly (keyof Slots)[] = ['identity', 'in_town', 'temperature', 'fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'];

/** Slots in a stable order (printing, comparing). */
function orderSlots(slots: Slots): Slots {
  const ordered: Slots = {};
  for (const key of SLOT_ORDER) if (slots[key] !== undefined) (ordered as Record<string, unknown>)[key] = slots[key];
  return ordered;
}
