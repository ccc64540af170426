import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../kernel/time.ts';
import { understand } from '../nlu/understand.ts';
import { returneeScreening } from '../scripts/templates/index.ts';
import type { CallSession, Heard, SayHint } from './channel.ts';
import { runDialogue } from './driver.ts';

const ctx = { riskRegionCodes: ['420000'] };
const VARS = { name: '王秀英', community: '幸福里社区' };

/** A session that replies from a list; 'never' leaves listen() pending for good. */
function scripted(replies: (Heard | 'never')[], options: { failSayAt?: number } = {}) {
  const log: { said: [string, SayHint | undefined][]; timeouts: number[]; hungUp: number } = { said: [], timeouts: [], hungUp: 0 };
  const session: CallSession = {
    async say(text, hint) {
      if (options.failSayAt !== undefined && log.said.length === options.failSayAt) throw new Error('line dropped');
      log.said.push([text, hint]);
    },
    listen(timeoutMs) {
      log.timeouts.push(timeoutMs);
      const next = replies.shift();
      if (next === 'never') return new Promise<Heard>(() => undefined);
      return Promise.resolve(next ?? { kind: 'silence' });
    },
    async hangUp() {
      log.hungUp += 1;
    },
  };
  return { session, log };
}
const speech = (text: string): Heard => ({ kind: 'speech', text });
const NORMAL = ['是我', '回来了', '三十六度五', '不咳嗽', '没有拉肚子', '没觉得累', '呼吸没问题', '一直在本地', '没有接触过'].map(speech);

describe('runDialogue', () => {
  it('says each prompt, hints the question, listens, and hangs up after the closing', async () => {
    const { session, log } = scripted([...NORMAL]);
    const clock = fixedClock(new Date('2020-02-10T02:00:00Z'));
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 6000, clock });
    expect(run.end.result).toBe('normal');
    expect(run.timings.turns).toBe(9);
    expect(run.timings.answeredAt).toEqual(clock.now());
    expect(log.hungUp).toBe(1);
    expect(log.timeouts.every((t) => t === 6000)).toBe(true);
    expect(log.said[0]).toEqual(['您好，这里是幸福里社区，给您打个防疫回访电话。', { variables: VARS }]);
    expect(log.said[1]).toEqual(['请问您是王秀英本人吗？', { question: 'identity', variables: VARS }]);
    expect(log.said.at(-1)).toEqual([returneeScreening.closings.normal, { variables: VARS }]);
    expect(run.transcript).toHaveLength(log.said.length);
    expect(run.state.end).toEqual(run.end);
  });

  it('ends at once when the callee hangs up mid-call, without hanging up itself', async () => {
    const { session, log } = scripted([speech('是我'), speech('回来了'), { kind: 'hangup' }]);
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 6000 });
    expect(run.end).toMatchObject({ result: 'not_reached', retry: true, slots: { identity: 'yes', in_town: 'yes' } });
    expect(run.timings.turns).toBe(3);
    expect(log.hungUp).toBe(0);
    expect(log.said.at(-1)).toEqual(['请问您今天量的体温是多少度？', { question: 'temperature', variables: VARS }]);
  });

  it('passes a recorded prompt to the line with the prompt it records', async () => {
    const { session, log } = scripted([...NORMAL]);
    const script = { ...returneeScreening, recordings: { [returneeScreening.closings.normal]: 'closing-normal.wav' } };
    await runDialogue({ script, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 6000 });
    expect(log.said.at(-1)).toEqual([returneeScreening.closings.normal, { variables: VARS, recording: 'closing-normal.wav' }]);
    expect(log.said.filter(([, hint]) => hint?.recording !== undefined)).toHaveLength(1);
  });

  it('understands keypad answers: 1 yes, 2 no, a temperature ending in #', async () => {
    const keys = ['1', '1', '385#', '1', '2', '2', '2', '2', '2'].map((digits): Heard => ({ kind: 'digits', digits }));
    const { session } = scripted(keys);
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 6000 });
    expect(run.end.result).toBe('abnormal');
    expect(run.end.slots).toMatchObject({ identity: 'yes', in_town: 'yes', temperature: 38.5, cough: 'yes', diarrhea: 'no', contact: 'no' });
    expect(run.end.reasons).toEqual(expect.arrayContaining(['fever', 'cough']));
  });

  it('takes a session that never answers as silence after the timeout, then 需核实', async () => {
    const { session } = scripted([speech('是我'), 'never', 'never', 'never', ...NORMAL.slice(2)]);
    const started = Date.now();
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 10, listenGraceMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 30 - 5);
    expect(run.end).toMatchObject({ result: 'needs_checking', unresolved: ['in_town'] });
    expect(run.transcript.filter((t) => t.heard === 'silence')).toHaveLength(3);
  });

  it('takes a failing say as the line dropping', async () => {
    const { session, log } = scripted([...NORMAL], { failSayAt: 3 });
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 6000 });
    expect(run.end).toMatchObject({ result: 'not_reached', retry: true });
    expect(log.hungUp).toBe(0);
  });

  it('records the clock at answer and end', async () => {
    const clock = fixedClock(new Date('2020-02-10T02:00:00Z'));
    const { session } = scripted([]);
    session.listen = async () => {
      clock.advance(5000);
      return { kind: 'silence' };
    };
    const run = await runDialogue({ script: returneeScreening, variables: VARS, context: ctx, understand, session, listenTimeoutMs: 5000, clock });
    expect(run.timings.endedAt.getTime() - run.timings.answeredAt.getTime()).toBe(run.timings.turns * 5000);
    expect(run.end.unresolved.length).toBeGreaterThan(0);
  });
});
