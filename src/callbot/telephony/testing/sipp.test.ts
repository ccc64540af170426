/**
 * The SIPp residents, checked with SIPp itself as the caller and with a bare socket caller for the
 * keys. SIPp must be there in CI (Debian sip-tester, run as root for play_pcap_audio); elsewhere
 * these tests skip when it cannot run.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keypadAnswerPackets } from './dtmf-pcap.ts';
import { probeCall } from './probe-caller.ts';
import {
  CALLER_SCENARIO, NUMBER_PLAN, RESIDENT_ANSWERS, RESIDENT_KEY_TIMING, RESIDENTS_SCENARIO, SIPP_EXIT, residentAnswerSlots, residentBehaviour, residentNumber,
  parseSippStats, runSippUac, sippAvailable, sippCanPlayAudio, sippStat, startSippUas, type ResidentBehaviour, type SippProcess,
} from './sipp.ts';

/** When each key's first end packet leaves, by the capture the residents replay. */
function firstEndPacketTimes(answers: readonly string[]): number[] {
  const seen = new Set<number>();
  return keypadAnswerPackets(answers, { answerGapMs: RESIDENT_KEY_TIMING.answerGapMs }).packets.flatMap((p) => {
    const view = Buffer.from(p.payload);
    const timestamp = view.readUInt32BE(4);
    if (!(view[13]! & 0x80) || seen.has(timestamp)) return [];
    seen.add(timestamp);
    return [p.atMs];
  });
}

const runnable = sippCanPlayAudio();
if (process.env.CI && !runnable) {
  throw new Error(sippAvailable() ? 'SIPp must run as root in CI (play_pcap_audio uses a raw socket)' : 'sipp is missing: CI must install Debian sip-tester');
}

describe('the number plan', () => {
  it('gives every behaviour its own last digit and numbers that reach it', () => {
    const digits = Object.values(NUMBER_PLAN).map((b) => b.digit);
    expect(new Set(digits).size).toBe(10);
    for (const behaviour of Object.keys(NUMBER_PLAN) as ResidentBehaviour[]) {
      const number = residentNumber(behaviour, 4321);
      expect(number).toMatch(/^1\d{10}$/);
      expect(residentBehaviour(number)).toBe(behaviour);
    }
    expect(residentNumber('fever', 7)).not.toBe(residentNumber('fever', 8));
    expect(() => residentNumber('busy', 10_000_000)).toThrow(RangeError);
  });

  it('residents.xml plays one capture per answer and waits each answer\'s slot before the next', async () => {
    const xml = await readFile(RESIDENTS_SCENARIO, 'utf8');
    expect(xml).toContain(`<recv request="BYE" timeout="${RESIDENT_KEY_TIMING.leadInMs}" ontimeout="keys"`);
    for (const profile of ['normal', 'fever'] as const) {
      const plays = [...xml.matchAll(new RegExp(`play_pcap_audio="${profile}-(\\d+)\\.pcap"/></action></nop>\\s*(?:<recv request="BYE" timeout="(\\d+)")?`, 'g'))];
      const slots = residentAnswerSlots(RESIDENT_ANSWERS[profile]);
      expect(plays.map((m) => Number(m[1]))).toEqual(slots.map((_, i) => i + 1));
      // after the last answer the resident just waits for the robot's BYE
      expect(plays.map((m) => (m[2] === undefined ? null : Number(m[2])))).toEqual([...slots.slice(0, -1).map((s) => s.slotMs), null]);
    }
  });
});

describe('SIPp statistics', () => {
  it('reads the last row of a -trace_stat file by column', () => {
    const csv = 'StartTime;SuccessfulCall(C);FailedCall(C);\n2026-11-28\t16:42:14;0;0;\n2026-11-28\t16:42:15;7;2;\n';
    const stats = parseSippStats(csv);
    expect(stats).toEqual({ 'StartTime': '2026-11-28\t16:42:15', 'SuccessfulCall(C)': '7', 'FailedCall(C)': '2' });
    expect([sippStat(stats, 'SuccessfulCall(C)'), sippStat(stats, 'FailedCall(C)'), sippStat(stats, 'Missing')]).toEqual([7, 2, 0]);
    expect(parseSippStats('StartTime;\n')).toBeUndefined();
  });
});

describe.skipIf(!runnable)('SIPp residents (sip-tester not runnable here: needs sipp and root)', () => {
  // A SIPp of its own for each test, so that its statistics count that test's calls only.
  let uas: SippProcess;
  beforeEach(async () => {
    uas = await startSippUas({ scenario: RESIDENTS_SCENARIO });
  }, 15_000);
  afterEach(async () => {
    await uas.stop();
  });

  it('each behaviour ends as the number plan says, SIPp calling SIPp', async () => {
    const expected: Record<ResidentBehaviour, string> = {
      normal: 'provisional=180 final=200 cancelled= bye=local',
      fever: 'provisional=180 final=200 cancelled= bye=local',
      busy: 'provisional= final=486 cancelled= bye=',
      no_answer: 'provisional=180 final=487 cancelled=yes bye=',
      rejected: 'provisional= final=603 cancelled= bye=',
      hangs_up: 'provisional=180 final=200 cancelled= bye=remote',
      early_media_busy: 'provisional=183 final=486 cancelled= bye=',
      empty_number: 'provisional= final=404 cancelled= bye=',
      unreachable: 'provisional= final=503 cancelled= bye=',
      unavailable: 'provisional=180 final=480 cancelled= bye=',
    };
    const behaviours = Object.keys(expected) as ResidentBehaviour[];
    const runs = await Promise.all(behaviours.map((behaviour, i) => runSippUac({
      scenario: CALLER_SCENARIO, target: uas, service: residentNumber(behaviour, i), timeoutS: 15,
    })));
    runs.forEach((run, i) => {
      const number = residentNumber(behaviours[i]!, i);
      expect({ number, exit: run.exitCode, logs: run.logs })
        .toEqual({ number, exit: SIPP_EXIT.allCallsSucceeded, logs: [`outcome number=${number} ${expected[behaviours[i]!]}`] });
      // the caller's own receive timeouts (its CANCEL and BYE) are logged as events; nothing else may be
      const events = run.errors.split('\n').filter((l) => l.trim() && !l.startsWith('The following events') && !/receive timeout on message caller:\d+, jumping to label/.test(l));
      expect(events).toEqual([]);
    });
    const result = await uas.stop();
    expect(result.exitCode).toBe(0);
    expect(sippStat(result.stats, 'SuccessfulCall(C)')).toBe(behaviours.length);
    expect(sippStat(result.stats, 'FailedCall(C)')).toBe(0);
  }, 20_000);

  it('the answering residents key their answers in order, each key once, in one RTP stream', async () => {
    const [normal, fever] = await Promise.all((['normal', 'fever'] as const).map((behaviour) => probeCall({
      target: uas, number: residentNumber(behaviour, 1), keys: RESIDENT_ANSWERS[behaviour].join('').length, timeoutMs: 20_000,
    })));
    for (const [call, behaviour] of [[normal!, 'normal'], [fever!, 'fever']] as const) {
      expect(call.status).toBe(200);
      expect(call.keys.map((k) => k.key).join('')).toBe(RESIDENT_ANSWERS[behaviour].join(''));
      expect(new Set(call.keys.map((k) => k.ssrc)).size).toBe(1);
      // loopback loses nothing: sequence numbers follow one another (RFC 3550 §5.1)
      call.sequences.forEach((seq, i) => expect(seq).toBe((call.sequences[0]! + i) & 0xffff));
      // the resident waits for the greeting (RESIDENT_KEY_TIMING.leadInMs) before the first key ends
      expect(call.keys[0]!.atMs).toBeGreaterThanOrEqual(1500);
      // SIPp replays at the pace of the capture, not in a burst: the keys end when the schedule says
      const schedule = firstEndPacketTimes(RESIDENT_ANSWERS[behaviour]);
      call.keys.forEach((k, i) => expect(Math.abs((k.atMs - call.keys[0]!.atMs) - (schedule[i]! - schedule[0]!))).toBeLessThan(400));
      expect(call.byeStatus).toBe(200);
    }
  }, 25_000);

  it('the early-media resident plays an announcement after 183, then answers 486', async () => {
    const started = Date.now();
    const call = await probeCall({ target: uas, number: residentNumber('early_media_busy', 3), keys: 0, timeoutMs: 5000 });
    expect(call.provisional).toEqual([183]);
    expect(call.status).toBe(486);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    // A-law (RFC 3551 payload type 8), as the 183's SDP says: the 2.5 s announcement, 20 ms a packet
    expect(Object.keys(call.packetsByPayloadType)).toEqual(['8']);
    expect(call.packetsByPayloadType[8]).toBeGreaterThanOrEqual(100);
  }, 10_000);

  it('the resident who hangs up sends a BYE within the robot\'s dialog', async () => {
    const call = await probeCall({ target: uas, number: residentNumber('hangs_up', 5), keys: 0, timeoutMs: 3000, awaitRemoteByeMs: 5000 });
    expect(call.status).toBe(200);
    expect(call.remoteBye).toEqual({ requestUri: expect.stringMatching(/^sip:probe@127\.0\.0\.1:\d+$/), toTagIsOurs: true, fromTagIsTheirs: true });
    expect(call.byeStatus).toBeNull();
    const result = await uas.stop();
    expect(sippStat(result.stats, 'SuccessfulCall(C)')).toBe(1);
  }, 10_000);

  it('answers the robot hanging up or cancelling while the resident waits', async () => {
    const calls = await Promise.all([
      // BYE during the lead-in before the keys, and before the resident's own BYE
      probeCall({ target: uas, number: residentNumber('normal', 4), keys: 0, timeoutMs: 3000 }),
      probeCall({ target: uas, number: residentNumber('hangs_up', 4), keys: 0, timeoutMs: 3000 }),
      // CANCEL while the early media plays and while it rings before the 480
      probeCall({ target: uas, number: residentNumber('early_media_busy', 4), keys: 0, timeoutMs: 3000, cancelAfterMs: 500 }),
      probeCall({ target: uas, number: residentNumber('unavailable', 4), keys: 0, timeoutMs: 3000, cancelAfterMs: 500 }),
    ]);
    expect(calls.map((c) => [c.status, c.byeStatus, c.cancelStatus])).toEqual([[200, 200, null], [200, 200, null], [487, null, 200], [487, null, 200]]);
    const result = await uas.stop();
    expect(sippStat(result.stats, 'SuccessfulCall(C)')).toBe(4);
    expect(sippStat(result.stats, 'FailedCall(C)')).toBe(0);
  }, 10_000);

  it('one SIPp serves 100 concurrent answering residents', async () => {
    const cpuBefore = await uas.cpuSeconds();
    let peakThreads = 0;
    const sampler = setInterval(() => { void uas.threads().then((n) => { peakThreads = Math.max(peakThreads, n); }, () => {}); }, 200);
    const started = Date.now();
    const run = await runSippUac({
      scenario: CALLER_SCENARIO, target: uas, service: residentNumber('normal', 2), calls: 100, concurrent: 100, rate: 100, timeoutS: 20,
    }).finally(() => clearInterval(sampler));
    const seconds = (Date.now() - started) / 1000;
    const cpu = await uas.cpuSeconds() - cpuBefore;
    expect(run.exitCode).toBe(SIPP_EXIT.allCallsSucceeded);
    expect(run.logs.filter((l) => l.endsWith('final=200 cancelled= bye=local'))).toHaveLength(100);
    const result = await uas.stop();
    expect(sippStat(result.stats, 'SuccessfulCall(C)')).toBe(100);
    expect(sippStat(result.stats, 'FailedCall(C)')).toBe(0);
    console.info(`SIPp UAS, 100 concurrent keying residents: ${cpu.toFixed(2)} s CPU in ${seconds.toFixed(1)} s (${(100 * cpu / seconds).toFixed(0)} % of a core), peak ${peakThreads} threads`);
  }, 30_000);
});
