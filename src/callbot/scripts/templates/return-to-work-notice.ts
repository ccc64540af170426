/**
 * 复工通知: read a return-to-work notice and ask for confirmation. The confirmation reuses the
 * identity question (askAgain): 好的 / 知道了 / 嗯 are yes, 不明白 is no (a worker calls back).
 */
import type { Script } from '../../dialogue/model.ts';
import { COMMON_GLOBALS, COMMON_REASKS, WRONG_PERSON_END } from './common.ts';

export const returnToWorkNotice: Script = {
  key: 'return-to-work-notice',
  name: '复工通知',
  description: '向复工人员播报复工通知（戴口罩、测体温、出示健康码），并确认对方已收到。',
  variables: ['name', 'community'],
  start: 'greet',
  nodes: {
    greet: { kind: 'say', prompt: '您好，这里是${community}，有一个复工通知告诉您。', next: 'identity' },
    identity: {
      kind: 'ask', prompt: '请问您是${name}本人吗？', question: 'identity', expects: ['identity'],
      reaskPrompt: '请问您是不是${name}本人？是的话，请说“是”。',
      branches: [{ when: [{ slot: 'identity', is: 'no' }], next: 'wrong-person' }], next: 'notice',
    },
    notice: {
      kind: 'say',
      prompt: '您所在的单位已经可以复工了。上班路上请戴好口罩。进单位要测体温、出示健康码。如果有发热、咳嗽，请先不要上班，及时告诉社区。',
      next: 'confirm',
    },
    confirm: {
      kind: 'ask', prompt: '这个通知您听清楚了吗？', question: 'identity', expects: ['identity'], askAgain: true,
      reaskPrompt: '通知您听清楚了吗？清楚的话，请说“好的”。',
      branches: [{ when: [{ slot: 'identity', is: 'no' }], next: 'not-confirmed' }, { when: [{ slot: 'identity', is: 'unsure' }], next: 'not-confirmed' }],
      next: 'end',
    },
    'not-confirmed': { kind: 'end', result: 'needs_checking', closing: '好的，稍后工作人员会再给您打电话，详细说明复工的事。再见！' },
    end: { kind: 'end' },
    'wrong-person': WRONG_PERSON_END,
  },
  closings: {
    normal: '好的，谢谢您。复工后请注意防护，祝您工作顺利，再见！',
    abnormal: '好的，已经记下了。请您先不要上班，在家观察。社区工作人员会尽快联系您。再见！',
    needs_checking: '好的，稍后工作人员会再和您核实一下。再见！',
  },
  globals: COMMON_GLOBALS,
  ...COMMON_REASKS,
};
