/**
 * The phone channel end to end against SIPp residents on 127.0.0.1 (scenarios/residents.xml): real
 * SIP signalling, RTP prompts synthesised by espeak-ng, keypad answers as RFC 4733 events, each
 * call through runDialogue like the dialer runs it. One call per behaviour of the number plan, all
 * at once; each ends in the outcome and slots the behaviour stands for.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returneeScreening } from '../scripts/templates/index.ts';
import { understand } from '../nlu/understand.ts';
import { MediaClock } from '../telephony/rtp/media-clock.ts';
import { PromptCache } from '../telephony/prompts/prompt-cache.ts';
import { startSipUserAgent, type SipUserAgent } from '../telephony/sip/user-agent.ts';
import { residentNumber, RESIDENT_ANSWERS, RESIDENTS_SCENARIO, sippAvailable, sippCanPlayAudio, startSippUas, type ResidentBehaviour, type SippProcess } from '../telephony/testing/sipp.ts';
import { createTrunkLines } from '../telephony/trunk-lines.ts';
import type { DialOutcome } from './channel.ts';
import { runDialogue, type DialogueRun } from './driver.ts';
import { createSipChannel, type SipChannel } from './sip.ts';

// CI installs SIPp (and runs as root, which SIPp's audio playback needs): there this must run, never skip.
const runnable = sippAvailable() && sippCanPlayAudio();
if (process.env.CI && !runnable) throw new Error('CI must have sipp (Debian sip-tester) and run as root for the phone tests');

const VARIABLES = { name: '王秀英', community: '文新社区' };
const CONTEXT = { riskRegionCodes: [] };
const SCRIPT_VERSION = 'returnee-screening-test';

interface CallEnd { outcome: DialOutcome; run?: DialogueRun }

describe.skipIf(!runnable)('the phone channel against SIPp residents (skipped: needs sipp and root for its RTP playback)', () => {
  let sipp: SippProcess;
  let agent: SipUserAgent;
  let clock: MediaClock;
  let channel: SipChannel;
  const calls = new Map<ResidentBehaviour, Promise<CallEnd>>();

  async function call(behaviour: ResidentBehaviour): Promise<CallEnd> {
    const dialled = await channel.dial({ phone: residentNumber(behaviour), attemptId: `test-${behaviour}`, scriptVersionId: SCRIPT_VERSION });
    if (dialled.outcome !== 'connected') return { outcome: dialled.outcome };
    const run = await runDialogue({ script: returneeScreening, variables: VARIABLES, context: CONTEXT, understand, session: dialled.session, listenTimeoutMs: 8000 });
    return { outcome: 'connected', run };
  }

  beforeAll(async () => {
    sipp = await startSippUas({ scenario: RESIDENTS_SCENARIO, lifetimeS: 300 });
    agent = await startSipUserAgent({ bindHost: '127.0.0.1', bindPort: 0, trunk: { host: sipp.host, port: sipp.port } });
    clock = new MediaClock();
    const dir = path.join(tmpdir(), 'fangyi-test-prompt-cache');
    mkdirSync(dir, { recursive: true });
    channel = createSipChannel({
      agent, clock, prompts: new PromptCache({ dir }), recogniser: null, lines: createTrunkLines({ maxCalls: 20, callsPerSecond: 50 }),
      maxCalls: 20, mediaHost: '127.0.0.1', ringTimeoutMs: 4000,
    });
    await channel.prepare!(returneeScreening, SCRIPT_VERSION);
    for (const behaviour of ['normal', 'fever', 'busy', 'no_answer', 'rejected', 'hangs_up', 'early_media_busy', 'empty_number', 'unreachable', 'unavailable'] as const) {
      const ending = call(behaviour);
      ending.catch(() => undefined);
      calls.set(behaviour, ending);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([...calls.values()]);
    await agent?.close();
    clock?.close();
    await sipp?.stop();
  });

  it('a normal resident keys 1, 1, 365#, 2 … and ends normal with every slot', async () => {
    const { outcome, run } = await calls.get('normal')!;
    expect(outcome).toBe('connected');
    expect(run!.end.result).toBe('normal');
    expect(run!.end.slots).toEqual({ identity: 'yes', in_town: 'yes', temperature: 36.5, cough: 'no', diarrhea: 'no', fatigue: 'no', breathing: 'no', travel: 'no', contact: 'no' });
    const keyed = run!.transcript.filter((e) => e.heard === 'digits').map((e) => e.answer);
    expect(keyed).toEqual([...RESIDENT_ANSWERS.normal]);
  }, 90_000);

  it('a resident with fever keys 385# and a cough: abnormal, fever and cough', async () => {
    const { outcome, run } = await calls.get('fever')!;
    expect(outcome).toBe('connected');
    expect(run!.end.result).toBe('abnormal');
    expect(run!.end.slots).toMatchObject({ temperature: 38.5, cough: 'yes', diarrhea: 'no' });
    expect([...run!.end.reasons].sort()).toEqual(['cough', 'fever']);
  }, 90_000);

  it('a resident who hangs up mid-question: not reached, to be called again', async () => {
    const { outcome, run } = await calls.get('hangs_up')!;
    expect(outcome).toBe('connected');
    expect(run!.end).toMatchObject({ result: 'not_reached', retry: true });
    expect(run!.transcript.at(-1)?.heard).toBe('hangup');
  }, 90_000);

  it.each([
    ['busy', 'busy'], ['no_answer', 'no_answer'], ['rejected', 'rejected'], ['empty_number', 'empty_number'], ['unreachable', 'unreachable'],
    ['unavailable', 'no_answer'],
    // Early media then 486: without a recogniser nobody heard the announcement — unknown, not busy.
    ['early_media_busy', 'unknown'],
  ] as const)('%s ends as %s', async (behaviour, expected) => {
    expect((await calls.get(behaviour)!).outcome).toBe(expected);
  }, 90_000);

  it('frees every line and every dialog when the calls are over', async () => {
    await Promise.allSettled([...calls.values()]);
    await expect.poll(() => channel.activeCalls, { timeout: 5000 }).toBe(0);
    await expect.poll(() => agent.activeDialogs, { timeout: 5000 }).toBe(0);
  }, 90_000);
});
