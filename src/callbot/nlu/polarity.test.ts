import { describe, expect, it } from 'vitest';
import { understand } from './understand.ts';
import { barePolarity } from './polarity.ts';
import type { QuestionId, Slots } from './model.ts';

const context = { riskRegionCodes: ['420000'] };
const slots = (question: QuestionId, text: string): Slots => understand(question, text, context).slots;

describe('polarity of bare answers', () => {
  it.each([
    ['没有', 'no'], ['没', 'no'], ['木有', 'no'], ['没得', 'no'], ['冇', 'no'], ['无', 'no'], ['不是', 'no'], ['没有没有', 'no'], ['呒没', 'no'], ['莫得', 'no'],
    ['嗯', 'yes'], ['对', 'yes'], ['是的', 'yes'], ['是', 'yes'], ['有', 'yes'], ['好的', 'yes'], ['有一点', 'yes'], ['有点', 'yes'], ['系', 'yes'], ['对头', 'yes'],
    ['不是没有', 'yes'], ['说不好', 'unsure'], ['不清楚', 'unsure'], ['不知道', 'unsure'], ['可能', 'unsure'], ['好像', 'unsure'], ['唔知', 'unsure'], ['弗晓得', 'unsure'],
    ['挺好的', 'healthy'], ['都正常', 'healthy'], ['没啥事', 'healthy'],
  ])('%s → %s', (text, expected) => {
    expect(barePolarity(text)).toBe(expected);
  });

  it('carries nothing in chatter', () => {
    for (const text of ['抽烟的', '今天天气不错', '你好', '呵呵']) expect(barePolarity(text)).toBeNull();
  });

  it('answers the asked question with a bare yes/no', () => {
    expect(slots('cough', '嗯')).toEqual({ cough: 'yes' });
    expect(slots('diarrhea', '木有')).toEqual({ diarrhea: 'no' });
    expect(slots('contact', '说不好')).toEqual({ contact: 'unsure' });
    expect(slots('identity', '是的')).toEqual({ identity: 'yes' });
    expect(slots('fatigue', '嗯,没有')).toEqual({ fatigue: 'no' });
  });
});

describe('negation and hedges around slot words', () => {
  it.each<[QuestionId, string, Slots]>([
    ['fever', '没有发烧', { fever: 'no' }],
    ['cough', '不咳', { cough: 'no' }],
    ['cough', '没怎么咳', { cough: 'no' }],
    ['cough', '咳嗽沒有', { cough: 'no' }],
    ['cough', '不是没有,早上咳几声', { cough: 'yes' }],
    ['fatigue', '乏力倒没有', { fatigue: 'no' }],
    ['fatigue', '有点没劲', { fatigue: 'yes' }],
    ['fatigue', '冇力', { fatigue: 'yes' }],
    ['fatigue', '一点劲都没有', { fatigue: 'yes' }],
    ['breathing', '有点喘不上气', { breathing: 'yes' }],
    ['breathing', '胸闷倒是不闷', { breathing: 'no' }],
    ['breathing', '呼吸没啥问题', { breathing: 'no' }],
    ['breathing', '好像有点憋气', { breathing: 'unsure' }],
    ['diarrhea', '大便正常', { diarrhea: 'no' }],
    ['diarrhea', '可能吃坏东西了,有点拉', { diarrhea: 'yes' }],
    ['cough', '我不知道算不算咳嗽', { cough: 'unsure' }],
    ['contact', '接触过一个发烧的病人', { contact: 'yes' }],
    ['fever', '孩子发烧了,我没事', { fever: 'no' }],
    ['fever', '不是没有,就是不高', { fever: 'yes' }],
  ])('%s: %s', (question, text, expected) => {
    expect(slots(question, text)).toEqual(expected);
  });
});

describe('several slots in one answer', () => {
  it.each<[QuestionId, string, Slots]>([
    ['temperature', '三十六度五,也不咳嗽', { temperature: 36.5, cough: 'no' }],
    ['fever', '不烧,就是有点咳', { fever: 'no', cough: 'yes' }],
    ['fever', '不烧就是有点咳', { fever: 'no', cough: 'yes' }],
    ['cough', '不咳嗽也不拉肚子', { cough: 'no', diarrhea: 'no' }],
    ['fever', '发烧咳嗽都没有', { fever: 'no', cough: 'no' }],
    ['fever', '没有发烧和咳嗽', { fever: 'no', cough: 'no' }],
    ['fever', '没发烧没咳嗽', { fever: 'no', cough: 'no' }],
    ['cough', '咳嗽有,发烧没有', { fever: 'no', cough: 'yes' }],
    ['temperature', '三十七度八,咳嗽,浑身没劲', { temperature: 37.8, cough: 'yes', fatigue: 'yes' }],
    ['fatigue', '累,还有点烧,三十七度五', { temperature: 37.5, fever: 'yes', fatigue: 'yes' }],
    ['travel', '从武汉回来的,没发烧', { fever: 'no', travel: 'yes' }],
  ])('%s: %s', (question, text, expected) => {
    expect(slots(question, text)).toEqual(expected);
  });

  it('emits fever from the temperature question only when said in words', () => {
    expect(slots('temperature', '三十七点八度,有点发烧')).toEqual({ temperature: 37.8, fever: 'yes' });
    expect(slots('temperature', '三十八度二')).toEqual({ temperature: 38.2 });
    expect(slots('temperature', '体温36.7,正常')).toEqual({ temperature: 36.7 });
    expect(slots('temperature', '体温正常')).toEqual({ fever: 'no' });
    expect(slots('temperature', '今天还没量')).toEqual({ fever: 'unsure' });
    expect(slots('temperature', '没量,应该不烧吧')).toEqual({ fever: 'unsure' });
  });
});
