import { describe, expect, it } from 'vitest';
import { understand } from '../nlu/understand.ts';
import { BUNDLED_SCRIPTS, returneeScreening } from '../scripts/templates/index.ts';
import { runDialogue } from './driver.ts';
import { createSimulatedChannel, expectedDialogueEnd, personaFor, type Persona } from './simulated.ts';
import { LABELLED_CONTEXT, loadLabelledUtterances, verifiedUtterances } from './simulated-utterances.ts';

const VARS = { name: '王秀英', community: '幸福里社区' };
const rows = loadLabelledUtterances();
const verified = verifiedUtterances(rows, understand);
const phones = Array.from({ length: 300 }, (_, i) => `139${String(10_000_000 + i * 7919).slice(-8)}`);

async function callAll(seed: number, script = returneeScreening, persona?: (phone: string) => Persona | undefined) {
  const channel = createSimulatedChannel({ seed, utterances: persona ? verified : rows, persona });
  const results: string[] = [];
  for (const phone of phones) {
    const dialled = await channel.dial({ phone, attemptId: phone });
    if (dialled.outcome !== 'connected') {
      results.push(dialled.outcome);
      continue;
    }
    const run = await runDialogue({ script, variables: VARS, context: LABELLED_CONTEXT, understand, session: dialled.session, listenTimeoutMs: 5000 });
    results.push(JSON.stringify({ end: run.end, transcript: run.transcript }));
  }
  return results;
}

describe('simulated callees', () => {
  it('reads the labelled sets (the team\'s and the public dev set)', () => {
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.some((r) => r.utterance === '三十六度六')).toBe(true);
    expect(verified.length).toBeGreaterThan(rows.length * 0.9);
  });

  it('repeats a run exactly with the same seed and differs with another', async () => {
    const a = await callAll(7);
    const b = await callAll(7);
    const c = await callAll(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const outcomes = new Set(a.map((x) => (x.startsWith('{') ? 'connected' : x)));
    expect(outcomes.has('connected')).toBe(true);
    expect(outcomes.size).toBeGreaterThan(3);
    const ends = a.filter((x) => x.startsWith('{')).map((x) => (JSON.parse(x) as { end: { result: string } }).end.result);
    expect(new Set(ends).size).toBeGreaterThanOrEqual(3);
  });

  it('answers a new attempt at the same number differently', async () => {
    const channel = createSimulatedChannel({ seed: 1, utterances: rows, outcomes: { connected: 1, busy: 1 } });
    const outcomes = [];
    for (let i = 0; i < 20; i += 1) outcomes.push((await channel.dial({ phone: '13800000000', attemptId: String(i) })).outcome);
    expect(new Set(outcomes)).toEqual(new Set(['connected', 'busy']));
    expect(channel.attempts.get('13800000000')).toBe(20);
  });

  it.each(BUNDLED_SCRIPTS.map((s) => [s.key, s] as const))('plays personas exactly as predicted (%s)', async (_key, script) => {
    const persona = (phone: string) => personaFor(3, phone);
    const channel = createSimulatedChannel({ seed: 3, utterances: verified, persona });
    const seen = new Set<string>();
    for (const phone of phones) {
      const dialled = await channel.dial({ phone, attemptId: phone });
      const expectedDial = persona(phone).dial?.[0] ?? 'connected';
      expect(dialled.outcome).toBe(expectedDial);
      if (dialled.outcome !== 'connected') continue;
      const run = await runDialogue({ script, variables: VARS, context: LABELLED_CONTEXT, understand, session: dialled.session, listenTimeoutMs: 5000 });
      const expected = expectedDialogueEnd(script, persona(phone), VARS, LABELLED_CONTEXT);
      const pick = (e: typeof expected) => ({ result: e.result, reasons: e.reasons, unresolved: e.unresolved, intent: e.intent, retry: e.retry });
      expect(pick(run.end), phone).toEqual(pick(expected));
      seen.add(expected.result);
    }
    // 复工通知 asks only identity questions: its personas mostly confirm.
    expect(seen.size).toBeGreaterThanOrEqual(script.key === 'return-to-work-notice' ? 1 : 3);
  });

  it('predicts a fever persona, a hang-up and silences', () => {
    const base = personaFor(1, '13900000001');
    const sick: Persona = { ...base, slots: { ...base.slots, temperature: 38.2, fever: 'yes' }, intentAt: undefined, hangUpAt: undefined };
    expect(expectedDialogueEnd(returneeScreening, sick, VARS)).toMatchObject({ result: 'abnormal', reasons: ['fever'] });
    const gone: Persona = { ...sick, slots: { ...sick.slots, temperature: 36.5, fever: 'no' }, hangUpAt: 'cough' };
    expect(expectedDialogueEnd(returneeScreening, gone, VARS)).toMatchObject({ result: 'needs_checking', retry: true });
    const quiet: Persona = { ...gone, hangUpAt: undefined, silences: { travel: 3 } };
    expect(expectedDialogueEnd(returneeScreening, quiet, VARS)).toMatchObject({ result: 'needs_checking', unresolved: ['travel'] });
  });

  it('takes a reply slower than the listen timeout as silence', async () => {
    const channel = createSimulatedChannel({ seed: 1, utterances: rows, outcomes: { connected: 1 }, rates: { silence: 0, noise: 0, hangUp: 0 }, answerDelayMs: 30 });
    const dialled = await channel.dial({ phone: '13800000001', attemptId: 'a' });
    if (dialled.outcome !== 'connected') throw new Error('not connected');
    await dialled.session.say('请问您是王秀英本人吗？', { question: 'identity' });
    expect((await dialled.session.listen(10)).kind).toBe('silence');
    expect((await dialled.session.listen(100)).kind).toBe('speech');
  });
});
