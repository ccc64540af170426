/**
 * Global intents: requests that work at any point of a call, whatever was asked. Matched per clause
 * (a clause that is an intent says nothing about slots: "三十六度五,我在开车" → busy + 36.5).
 * Phrases that overlap are told apart in the expressions: "不方便说" is a refusal, "现在不方便" is
 * busy; "别打了" is do-not-call, "晚点打" is busy; "开车呢" is busy, "开车回来的" is not.
 */
import type { GlobalIntent } from './model.ts';

const PATTERNS: readonly [GlobalIntent, RegExp][] = [
  ['dnc', /(?:别|不要|甭|莫|不许|勿)(?:再|老|总)?(?:给我|跟我)?(?:打|来电|骚扰)|拉黑|投诉|报警|骚扰电话|别烦我|屏蔽|删掉我的号/],
  ['wrong_number', /打错|没(?:有)?这个人|查无此人|不认识(?:他|她|这个人|这人|你说的|这个名字)|^不认识$|号码错|号码不对|没(?:有)?叫这个名字|找错人|不是这个号|这里没有这个|我不是你(?:要)?找的/],
  ['refuse', /不想(?:回答|说|告诉|讲|配合|理)|不愿意?(?:说|回答|告诉|透露|讲|配合)|不配合|别问了|不要问了|少问|(?:^|我|就)不说|不告诉|不回答|凭什么|关你(?:什么|啥|屁)事|管得着|管那么多|隐私|无可奉告|不方便(?:说|回答|透露|告诉|讲)|骗子|诈骗|懒得(?:说|回答|理)/],
  ['human', /转人工|人工(?:服务|客服|坐席|台|接听)|^人工$|找(?:个|一下)?(?:人工|真人|工作人员|客服|你们领导|领导|负责人|活人)|(?:跟|和|同|找)(?:真人|人工|工作人员|客服|活人|人)(?:说|讲|聊|谈|沟通|对话)|叫(?:个)?(?:人|真人|工作人员)来|要(?:真人|人工)|真人接|不跟机器/],
  ['busy', /在忙|忙着|很忙|正忙|忙呢|太忙|在开车|开车呢|开着车|正开车|开车中|在开会|开会呢|正开会|开会中|^开会$|在上班|上班呢|在工作|在干活|(?:晚点|晚些|迟点|等下|等会儿?|等一下|一会儿?|回头|过会儿?|待会儿?|改天|明天)(?:再)?(?:打|说|聊|联系|回)|晚点吧|(?<!说|讲|回答)不方便(?!说|回答|透露|告诉|讲)|没空|没时间|在吃饭|吃饭呢|下次再|在睡觉|睡觉呢|带孩子呢|在外面办事|稍后(?:再)?(?:打|说|联系|聊)?|有点事|有事(?!吗|吧|的)|有急事/],
  ['repeat', /没听清|听不(?:太|大)?(?:清|见|到)|听不见|没听见|没听到|听不到|再说一遍|再说一次|再讲一遍|重复一下|再重复|你说什么|你说啥|你讲什么|你讲啥|说的啥|说的什么|说什么呢|你找谁|找谁|大声点|说慢点|嘎哈|干哈|啥玩意|啥子|什么意思|啥意思|咩话|咩啊|咩呀|乜嘢|讲咩|你讲乜/],
];

/** Bare words that ask to repeat when asked as a question ("啊?", "什么?"); 什么 and 啥 on their own too. */
const REPEAT_WHEN_ASKED = /^(?:啊|嗯|哈|喂|喂喂|什么|啥|咩|咋|咋的|咋了|干啥|嗯哼)+$/;
const REPEAT_ALWAYS = /^(?:什么|啥|干啥|咩)$/;

/** The global intent of one clause (raw: particles kept), or null. `asks`: the clause ended with '?'. */
export function clauseIntent(raw: string, asks: boolean): GlobalIntent | null {
  for (const [intent, pattern] of PATTERNS) if (pattern.test(raw)) return intent;
  if ((asks && REPEAT_WHEN_ASKED.test(raw)) || REPEAT_ALWAYS.test(raw)) return 'repeat';
  return null;
}

/** Which intent wins when several clauses carry one: the more final request first. */
export const INTENT_PRIORITY: readonly GlobalIntent[] = ['dnc', 'wrong_number', 'refuse', 'human', 'busy', 'repeat'];
