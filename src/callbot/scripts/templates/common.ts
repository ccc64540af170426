/**
 * What the bundled templates share: replies to global intents, re-ask words and counts. Short
 * sentences and 您 throughout — many callees are elderly and hear the robot on a phone line.
 */
import type { Script } from '../../dialogue/model.ts';

export const COMMON_GLOBALS: Script['globals'] = {
  repeat: '好的，我再说一遍。',
  busy: '好的，不打扰您了。我们晚点再给您打过来。再见！',
  wrong_number: '不好意思，可能打错了，打扰您了。再见！',
  refuse: '好的，不打扰您了。如果有发热等不舒服，请及时联系社区。再见！',
  dnc: '好的，以后不再给您打这个电话了。祝您身体健康，再见！',
  human: '好的，稍后会有工作人员给您回电话。请您保持电话畅通，再见！',
};

export const COMMON_REASKS = {
  reaskPrompt: '不好意思，我没有听清楚。',
  silencePrompt: '喂，您好，能听到我说话吗？',
  reasks: { notUnderstood: 2, silence: 2 },
} satisfies Pick<Script, 'reaskPrompt' | 'silencePrompt' | 'reasks'>;

/** The person who answered is not the callee: stop politely, no screening. */
export const WRONG_PERSON_END = {
  kind: 'end',
  result: 'refused',
  intent: 'wrong_number',
  closing: '不好意思，打扰您了。再见！',
} as const;
