import { describe, expect, it } from 'vitest';
import { understand } from './understand.ts';
import type { GlobalIntent, QuestionId } from './model.ts';

const context = { riskRegionCodes: ['420000'] };

describe('global intents', () => {
  it.each<[GlobalIntent, string[]]>([
    ['busy', ['在忙', '开车呢', '晚点打', '回头再说', '我在开会,晚点再打吧', '现在不方便', '我有点事,等下再说', '在吃饭']],
    ['wrong_number', ['打错了', '没这个人', '不认识这个人', '你打错电话了', '号码错了', '找错人了']],
    ['refuse', ['不想回答', '不配合', '别问了', '这是隐私,不方便说', '凭什么告诉你', '我不愿意说']],
    ['dnc', ['别再打了', '不要再打', '拉黑', '以后别打了', '不要再给我打电话了', '再打我就投诉']],
    ['repeat', ['没听清', '再说一遍', '你说啥', '什么?', '啊?', '嘎哈呀?', '啥子哦?', '咩话?', '喂,喂?听不清']],
    ['human', ['转人工', '找工作人员', '人工服务', '我要跟人说', '找人工客服', '叫个人来']],
  ])('%s', (intent, utterances) => {
    for (const utterance of utterances) expect(understand('cough', utterance, context).intent, utterance).toBe(intent);
  });

  it('tells overlapping phrases apart', () => {
    expect(understand('fever', '不方便说', context).intent).toBe('refuse');
    expect(understand('fever', '现在不方便', context).intent).toBe('busy');
    expect(understand('travel', '开车回来的', context).intent).toBeNull();
    expect(understand('cough', '啊', context).intent).toBeNull();
    expect(understand('identity', '嗯', context)).toEqual({ intent: null, slots: { identity: 'yes' } });
  });

  it('keeps slots said beside an intent; the intent clause itself says nothing about slots', () => {
    expect(understand('temperature', '三十六度五,我在开车', context)).toEqual({ intent: 'busy', slots: { temperature: 36.5 } });
    expect(understand('fever', '没烧,别再打了', context)).toEqual({ intent: 'dnc', slots: { fever: 'no' } });
    expect(understand('in_town', '我在上班呢,晚点再说', context)).toEqual({ intent: 'busy', slots: {} });
  });

  it('treats a wrong number as such, not as identity=no; a relative answering is identity=no', () => {
    expect(understand('identity', '唔系,你打错啦', context)).toEqual({ intent: 'wrong_number', slots: {} });
    expect(understand('identity', '我是他妈妈', context)).toEqual({ intent: null, slots: { identity: 'no' } });
    expect(understand('identity', '不是,他是我老公', context)).toEqual({ intent: null, slots: { identity: 'no' } });
  });

  it.each<[QuestionId, string]>([['identity', '你是哪位啊'], ['fever', '你们是哪个单位的?'], ['cough', '今天天气不错'], ['travel', '呵呵'], ['contact', '嗯……这个嘛'], ['fever', '喂']])(
    'places nothing it cannot place: %s %s', (question, utterance) => {
      expect(understand(question, utterance, context)).toEqual({ intent: null, slots: {} });
    },
  );
});
