/** 返乡人员摸排: identity, back in town, temperature, symptoms, travel, contact. */
import type { Script } from '../../dialogue/model.ts';
import { COMMON_GLOBALS, COMMON_REASKS, WRONG_PERSON_END } from './common.ts';

export const returneeScreening: Script = {
  key: 'returnee-screening',
  name: '返乡人员摸排',
  description: '询问返乡人员是否已回到本地、体温、发热咳嗽腹泻等症状、旅居史和接触史，异常的转社区跟进。',
  variables: ['name', 'community'],
  start: 'greet',
  nodes: {
    greet: { kind: 'say', prompt: '您好，这里是${community}，给您打个防疫回访电话。', next: 'identity' },
    identity: {
      kind: 'ask', prompt: '请问您是${name}本人吗？', question: 'identity', expects: ['identity'],
      reaskPrompt: '请问您是不是${name}本人？是的话，请说“是”。',
      branches: [{ when: [{ slot: 'identity', is: 'no' }], next: 'wrong-person' }], next: 'in_town',
    },
    in_town: {
      kind: 'ask', prompt: '请问您现在已经回到本地了吗？', question: 'in_town', expects: ['in_town'],
      branches: [{ when: [{ slot: 'in_town', is: 'no' }], next: 'not-back' }], next: 'temperature',
    },
    'not-back': { kind: 'say', prompt: '好的。您回来以后，请及时向社区报备。下面再问您几个身体情况。', next: 'temperature' },
    temperature: {
      kind: 'ask', prompt: '请问您今天量的体温是多少度？', question: 'temperature', expects: ['temperature', 'fever'],
      reaskPrompt: '请您说一下体温的度数，比如三十六度五。',
      // A number settles fever either way; without one (体温正常 / 还没量) the fever question follows.
      branches: [{ when: [{ slot: 'temperature', heard: true }], next: 'cough' }], next: 'fever',
    },
    fever: { kind: 'ask', prompt: '最近有没有发烧？', question: 'fever', expects: ['fever'], branches: [], next: 'cough' },
    cough: { kind: 'ask', prompt: '有没有咳嗽？', question: 'cough', expects: ['cough'], branches: [], next: 'diarrhea' },
    diarrhea: { kind: 'ask', prompt: '有没有拉肚子？', question: 'diarrhea', expects: ['diarrhea'], branches: [], next: 'fatigue' },
    fatigue: { kind: 'ask', prompt: '有没有觉得浑身没劲、乏力？', question: 'fatigue', expects: ['fatigue'], branches: [], next: 'breathing' },
    breathing: { kind: 'ask', prompt: '有没有胸闷、喘不上气？', question: 'breathing', expects: ['breathing'], branches: [], next: 'travel' },
    travel: {
      kind: 'ask', prompt: '最近十四天，您去过外地吗？去过的话，请说一下是哪里。', question: 'travel', expects: ['travel'],
      reaskPrompt: '最近十四天您去过哪些地方？没出过本地的话，说“没有”就行。', branches: [], next: 'contact',
    },
    contact: {
      kind: 'ask', prompt: '最近有没有接触过确诊病人，或者从疫区回来的人？', question: 'contact', expects: ['contact'], branches: [], next: 'end',
    },
    end: { kind: 'end' },
    'wrong-person': WRONG_PERSON_END,
  },
  closings: {
    normal: '好的，您的情况都正常。感谢您的配合，祝您身体健康，再见！',
    abnormal: '好的，已经记下了。请您居家观察，每天测量体温。社区工作人员会尽快联系您。再见！',
    needs_checking: '好的，感谢配合。稍后工作人员会再和您核实一下情况。再见！',
  },
  globals: COMMON_GLOBALS,
  ...COMMON_REASKS,
};
