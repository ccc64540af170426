/** 居家隔离每日随访: a daily call to people in home observation — temperature, symptoms, staying home. */
import type { Script } from '../../dialogue/model.ts';
import { COMMON_GLOBALS, COMMON_REASKS, WRONG_PERSON_END } from './common.ts';

export const homeObservationDaily: Script = {
  key: 'home-observation-daily',
  name: '居家隔离每日随访',
  description: '每天询问居家观察人员的体温、咳嗽和胸闷等症状，以及是否一直在家；有异常或外出的转社区跟进。',
  variables: ['name', 'community'],
  start: 'greet',
  nodes: {
    greet: { kind: 'say', prompt: '您好，这里是${community}，今天来问一下您的身体情况。', next: 'identity' },
    identity: {
      kind: 'ask', prompt: '请问您是${name}吗？', question: 'identity', expects: ['identity'],
      reaskPrompt: '请问您是不是${name}？是的话，请说“是”。',
      branches: [{ when: [{ slot: 'identity', is: 'no' }], next: 'wrong-person' }], next: 'temperature',
    },
    temperature: {
      kind: 'ask', prompt: '您今天量的体温是多少度？', question: 'temperature', expects: ['temperature', 'fever'],
      reaskPrompt: '请您说一下体温的度数，比如三十六度五。',
      branches: [{ when: [{ slot: 'temperature', heard: true }], next: 'cough' }], next: 'fever',
    },
    fever: { kind: 'ask', prompt: '今天有没有发烧？', question: 'fever', expects: ['fever'], branches: [], next: 'cough' },
    cough: { kind: 'ask', prompt: '今天有没有咳嗽？', question: 'cough', expects: ['cough'], branches: [], next: 'breathing' },
    breathing: { kind: 'ask', prompt: '有没有胸闷、喘不上气？', question: 'breathing', expects: ['breathing'], branches: [], next: 'at_home' },
    at_home: {
      kind: 'ask', prompt: '您今天一直待在家里吗？', question: 'in_town', expects: ['in_town'],
      branches: [{ when: [{ slot: 'in_town', is: 'no' }], next: 'stay-home' }], next: 'end',
    },
    'stay-home': { kind: 'say', prompt: '居家观察期间，请您尽量不要出门。需要买东西，可以找社区帮忙。', next: 'left-home' },
    // Leaving home during observation is no symptom, but a worker should know: needs checking.
    'left-home': { kind: 'end', result: 'needs_checking' },
    end: { kind: 'end' },
    'wrong-person': WRONG_PERSON_END,
  },
  closings: {
    normal: '好的，您今天的情况都正常。请继续每天量体温，明天再给您打电话。再见！',
    abnormal: '好的，已经记下了。请您在家休息，不要外出。社区工作人员会尽快联系您。再见！',
    needs_checking: '好的，感谢配合。稍后工作人员会再和您核实一下情况。再见！',
  },
  globals: COMMON_GLOBALS,
  ...COMMON_REASKS,
};
