import { describe, expect, it } from 'vitest';
import { understand } from './understand.ts';
import { normalise, splitClauses } from './normalise.ts';
import { baselineUnderstand, DEFAULT_RISK_REGION_CODES, formatUnderstanding, parseLabelled, sameUnderstanding, scoreUnderstanding } from './evaluate.ts';
import { loadDevSet, loadLabelledSet } from './labelled-files.ts';
import { QUESTION_IDS, GLOBAL_INTENTS, type QuestionId, type Understanding } from './model.ts';

const context = { riskRegionCodes: DEFAULT_RISK_REGION_CODES };

describe('normalisation', () => {
  it('turns full-width and traditional characters into half-width simplified ones', () => {
    expect(normalise('３６．８')).toBe('36.8');
    expect(normalise('沒有發燒，也不咳嗽。')).toBe('没有发烧,也不咳嗽,');
    expect(normalise('三十七點一')).toBe('三十七点一');
    expect(normalise('3 6 5')).toBe('365');
    expect(normalise('对。我是')).toBe('对,我是');
  });

  it('splits clauses at punctuation and connectors, drops fillers and particles', () => {
    expect(splitClauses(normalise('那个……就是……没咳')).map((c) => c.text)).toEqual(['没咳']);
    expect(splitClauses(normalise('不烧就是有点咳')).map((c) => c.text)).toEqual(['不烧', '有点咳']);
    expect(splitClauses(normalise('我就是本人')).map((c) => c.text)).toEqual(['我就是本人']);
    expect(splitClauses(normalise('可能有吧')).map((c) => c.text)).toEqual(['可能有']);
    expect(splitClauses(normalise('你说啥?体温?')).map((c) => c.questionMark)).toEqual([true, true]);
    expect(splitClauses(normalise('烦不烦'))[0]!.asks).toBe(true);
    expect(splitClauses(normalise('哪儿也没去'))[0]!.asks).toBe(false); // "nowhere", not a question
    expect(splitClauses(normalise('哪里都没去过'))[0]!.asks).toBe(false);
    expect(splitClauses(normalise('你在哪儿'))[0]!.asks).toBe(true);
  });
});

describe('the public development set', () => {
  const dev = loadDevSet();
  it.each(dev.map((item) => [item.line, item.question, item.utterance, item]))('line %i: [%s] %s', (_line, _q, _u, item) => {
    const actual = understand(item.question, item.utterance, context);
    expect(formatUnderstanding(actual)).toBe(formatUnderstanding(item.expected));
    expect(sameUnderstanding(actual, item.expected)).toBe(true);
  });
});

describe('the labelled set (data/nlu/labelled.tsv)', () => {
  const items = loadLabelledSet();

  it('is large and varied: at least 400 lines, every question and every intent', () => {
    expect(items.length).toBeGreaterThanOrEqual(400);
    for (const question of QUESTION_IDS) expect(items.filter((i) => i.question === question).length, question).toBeGreaterThanOrEqual(20);
    for (const intent of GLOBAL_INTENTS) expect(items.filter((i) => i.expected.intent === intent).length, intent).toBeGreaterThanOrEqual(5);
    expect(items.filter((i) => Object.keys(i.expected.slots).length >= 2).length).toBeGreaterThanOrEqual(30);
    expect(items.filter((i) => i.expected.intent === null && Object.keys(i.expected.slots).length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('is understood at 97 % or better, far above the keyword baseline', () => {
    const score = scoreUnderstanding(understand, items, context);
    const baseline = scoreUnderstanding(baselineUnderstand, items, context);
    expect(score.failures.map((f) => `${f.line} ${f.utterance}: ${f.expected} ≠ ${f.actual}`).slice(0, 30).length).toBeLessThanOrEqual(Math.floor(items.length * 0.03));
    expect(score.accuracy).toBeGreaterThanOrEqual(0.97);
    for (const [question, bucket] of Object.entries(score.perQuestion)) expect(bucket!.accuracy, question).toBeGreaterThanOrEqual(0.9);
    expect(baseline.accuracy).toBeLessThan(score.accuracy - 0.3);
  });

  it('costs well under 0.1 ms a call', () => {
    for (const item of items) understand(item.question, item.utterance, context); // warm-up
    const start = performance.now();
    const rounds = 20;
    for (let r = 0; r < rounds; r++) for (const item of items) understand(item.question, item.utterance, context);
    const usPerCall = ((performance.now() - start) * 1000) / (rounds * items.length);
    expect(usPerCall).toBeLessThan(100);
  });
});

describe('regressions (each a bug found while writing the labelled set)', () => {
  const cases: [QuestionId, string, string][] = [
    ['cough', '别问了,烦不烦', 'intent=refuse'], // A-not-A ("烦不烦") is a question, not a "no"
    ['cough', '今天天气不错', '-'], // 不错 carries no negation
    ['temperature', '参拾陆度伍', 'temperature=36.5'], // 参 typed for 叁
    ['temperature', '我家孩子三十八度,我三十六度五', 'temperature=36.5'], // someone else's temperature
    ['fever', '发烧咳嗽都没有', 'fever=no;cough=no'], // coordinated words share the negation after them
    ['cough', '咳嗽没有,痰也没有', 'cough=no'], // 也 no longer splits clauses
    ['cough', '我不知道算不算咳嗽', 'cough=unsure'], // an embedded question after a hedge is an answer
    ['diarrhea', '咩话?', 'intent=repeat'], // Cantonese "what?"
    ['diarrhea', '嗯那个没有', 'diarrhea=no'], // a bare 嗯 is only an acknowledgement
    ['fatigue', '一点劲都没有', 'fatigue=yes'],
    ['fatigue', '挺有精神的', 'fatigue=no'],
    ['breathing', '呼吸没啥问题', 'breathing=no'], // 没啥 is not a question word
    ['breathing', '我有点事,等下再说', 'intent=busy'],
    ['travel', '我老家是湖北的,过年没回去', 'travel=no'], // origin is not travel
    ['travel', '武汉没去过', 'travel=no'], // negation after the place
    ['travel', '不太记得了', 'travel=unsure'],
    ['contact', '没有接触,也没去过武汉', 'contact=no;travel=no'],
    ['identity', '不是我,是我爸', 'identity=no'],
    ['in_town', '还在武汉', 'in_town=no'], // being somewhere is not travel on another question
    ['in_town', '人在国外', 'in_town=no'],
    ['in_town', '在路上,明天到', 'in_town=no'],
    ['in_town', '不确定什么时候回', 'in_town=no'],
    ['in_town', '哦在的在的', 'in_town=yes'],
    ['temperature', '还没来得及量', 'fever=unsure'],
    ['temperature', '体温三十六度,不咳不喘', 'temperature=36;cough=no;breathing=no'],
    ['breathing', '呼吸蛮好的', 'breathing=no'],
    ['travel', '去年去过武汉,最近没去', 'travel=no'], // outside the screening window
    ['contact', '我们小区有确诊的,但我没接触', 'contact=no'], // a case nearby is not contact
    ['cough', '稍后再打吧', 'intent=busy'],
    ['travel', '我听不太清楚', 'intent=repeat'],
    ['temperature', '三十六度五三十六度五', 'temperature=36.5'], // two numbers back to back
    // part 4 (the dialogue work): 复工通知 reuses identity for "听清楚了吗"; confirmations are a yes …
    ['identity', '知道了', 'identity=yes'],
    ['identity', '听清楚了', 'identity=yes'],
    ['identity', '清楚了', 'identity=yes'],
    ['identity', '明白了', 'identity=yes'],
    ['identity', '收到', 'identity=yes'],
    ['identity', '好的好的', 'identity=yes'],
    ['identity', '行', 'identity=yes'],
    ['identity', '可以', 'identity=yes'],
    ['identity', '嗯,我知道了', 'identity=yes'],
    // … their negations are not ("不明白" sends 复工通知 to a call back), and "是张三吗?" keeps its meaning
    ['identity', '不明白', 'identity=no'],
    ['identity', '没听明白', 'identity=no'],
    ['identity', '不知道', 'identity=unsure'],
    ['identity', '不清楚', 'identity=unsure'],
    ['identity', '没听清楚', 'intent=repeat'],
    ['identity', '好的', 'identity=yes'],
    ['identity', '是我', 'identity=yes'],
    ['identity', '不是我,我是他家属', 'identity=no'],
    ['identity', '他不在,我知道了', 'identity=no'],
    // staying home is being in town (居家随访 asks "您今天一直待在家里吗" as in_town); away is no
    ['in_town', '没有出门', 'in_town=yes'],
    ['in_town', '一直在家', 'in_town=yes'],
    ['in_town', '没出过门', 'in_town=yes'],
    ['in_town', '在家待着呢', 'in_town=yes'],
    ['in_town', '哪儿也没去', 'in_town=yes'],
    ['in_town', '我不出门的', 'in_town=yes'],
    ['in_town', '我在外地', 'in_town=no'],
    ['in_town', '出差了', 'in_town=no'],
    ['in_town', '不在本地', 'in_town=no'],
    ['in_town', '不在家', 'in_town=no'],
    ['in_town', '出门了', 'in_town=no'],
    ['in_town', '出去买菜了', 'in_town=no'],
    ['in_town', '回来了,出去买了个菜', 'in_town=yes'], // another clause saying yes wins
    // small talk on the travel question is no answer (the engine re-asks); real "no"s stay
    ['travel', '今天天气不错', '-'],
    ['travel', '我们这儿还没下雪', '-'],
    ['travel', '没事', '-'],
    ['travel', '好的', '-'],
    ['travel', '一直在本地', 'travel=no'],
    ['travel', '哪儿也没去', 'travel=no'],
    ['travel', '没出去过', 'travel=no'],
    ['travel', '从来没有', 'travel=no'],
    ['travel', '一次都没有', 'travel=no'],
    ['travel', '我不出门的', 'travel=no'],
    ['travel', '不好意思,没去过', 'travel=no'],
    ['travel', '天气不错,去过武汉', 'travel=yes'],
  ];
  const expected = parseLabelled(cases.map(([q, u, e]) => `${q}\t${u}\t${e}`).join('\n'));
  it.each(expected.map((item) => [item.question, item.utterance, item]))('[%s] %s', (_q, _u, item) => {
    expect(formatUnderstanding(understand(item.question, item.utterance, context))).toBe(formatUnderstanding(item.expected));
  });
});

describe('scoring', () => {
  const u = (intent: Understanding['intent'], slots: Understanding['slots']): Understanding => ({ intent, slots });
  it('compares intents and slots exactly, temperatures within 0.05', () => {
    expect(sameUnderstanding(u(null, { temperature: 36.52 }), u(null, { temperature: 36.5 }))).toBe(true);
    expect(sameUnderstanding(u(null, { temperature: 36.6 }), u(null, { temperature: 36.5 }))).toBe(false);
    expect(sameUnderstanding(u(null, { cough: 'no', fever: 'no' }), u(null, { cough: 'no' }))).toBe(false);
    expect(sameUnderstanding(u('busy', {}), u(null, {}))).toBe(false);
  });

  it('parses the file format and rejects malformed lines', () => {
    const [item] = parseLabelled('# c\n# part 2\nfever\t没烧,别打了\tintent=dnc;fever=no\n');
    expect(item).toMatchObject({ question: 'fever', part: 2, line: 3, expected: { intent: 'dnc', slots: { fever: 'no' } } });
    expect(() => parseLabelled('fever\tx\tfever=maybe')).toThrow(/line 1/);
    expect(() => parseLabelled('nose\tx\t-')).toThrow(/unknown question/);
  });
});
