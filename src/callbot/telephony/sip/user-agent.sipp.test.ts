/**
 * The user agent against SIPp (Debian sip-tester 3.6) as the callee on 127.0.0.1, one SIPp per
 * test with a scenario of test-scenarios/. In CI SIPp must be there; elsewhere the tests skip.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sippAvailable, sippStat, startSippUas, type SippProcess, type SippResult } from '../testing/sipp.ts';
import { buildSdpOffer, parseSdpAnswer } from './sdp.ts';
import { startSipUserAgent, type SipUserAgent, type TrunkConfig } from './user-agent.ts';

const runnable = sippAvailable();
if (process.env.CI && !runnable) throw new Error('sipp is missing: CI must install Debian sip-tester');

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'test-scenarios');
const OFFER = buildSdpOffer({ address: '127.0.0.1', port: 20000, sessionId: '1' });
const T1 = 20;

let sipp: SippProcess | null = null;
let ua: SipUserAgent | null = null;
afterEach(async () => {
  await ua?.close();
  await sipp?.stop();
  ua = null;
  sipp = null;
});

async function callee(scenario: string, trunk: Partial<TrunkConfig> = {}, extraArgs: string[] = []): Promise<{ ua: SipUserAgent; sipp: SippProcess }> {
  sipp = await startSippUas({ scenario: join(SCENARIOS, scenario), lifetimeS: 30, extraArgs });
  ua = await startSipUserAgent({ bindHost: '127.0.0.1', trunk: { host: sipp.host, port: sipp.port, ...trunk }, timers: { t1Ms: T1, t4Ms: 50 } });
  return { ua, sipp };
}

/** SIPp's verdict on its calls: it writes the counters when it stops. */
async function sippVerdict(): Promise<{ successful: number; failed: number; result: SippResult }> {
  const result = await sipp!.stop();
  return { successful: sippStat(result.stats, 'SuccessfulCall(C)'), failed: sippStat(result.stats, 'FailedCall(C)'), result };
}

/** Finished calls leave no dialog and, after the transactions' linger timers (64·T1), no timer. */
async function expectAllSettled(agent: SipUserAgent): Promise<void> {
  expect(agent.activeDialogs).toBe(0);
  const deadline = Date.now() + 64 * T1 + 500;
  while (agent.pendingTimers > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(agent.pendingTimers).toBe(0);
}

describe.skipIf(!runnable)('SIP user agent against SIPp (sipp not installed here)', () => {
  it('is answered and hangs up itself', async () => {
    const { ua } = await callee('answer.xml');
    const provisional: number[] = [];
    const call = ua.invite({ to: '13800000000', sdpOffer: OFFER, ringTimeoutMs: 5000, onProvisional: (p) => provisional.push(p.status) });
    const result = await call.result;
    if (result.kind !== 'answered') throw new Error(`not answered: ${JSON.stringify(result)}`);
    expect(provisional).toEqual([180]);
    expect(parseSdpAnswer(result.sdpAnswer)).toMatchObject({ address: '127.0.0.1', codec: 'PCMA', telephoneEventPt: 101 });
    expect(ua.activeDialogs).toBe(1);
    await result.dialog.bye();
    expect(await result.dialog.ended).toEqual({ by: 'local' });
    await expectAllSettled(ua);
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('is answered and the callee hangs up: BYE answered, ended by remote', async () => {
    const { ua } = await callee('remote-bye.xml');
    const result = await ua.invite({ to: '13800000001', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    expect(await result.dialog.ended).toEqual({ by: 'remote' });
    await expectAllSettled(ua);
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('reports busy as failed 486 and ACKs it', async () => {
    const { ua } = await callee('busy.xml');
    expect(await ua.invite({ to: '13800000002', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result)
      .toEqual({ kind: 'failed', status: 486, reason: 'Busy Here' });
    await expectAllSettled(ua);
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('answers a 401 digest challenge with credentials SIPp verifies', async () => {
    const { ua } = await callee('auth.xml', { username: 'robot', password: 's3cret' });
    const result = await ua.invite({ to: '13800000003', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result;
    if (result.kind !== 'answered') throw new Error(`not answered: ${JSON.stringify(result)}`);
    await result.dialog.bye();
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('fails with 403 when SIPp finds the credentials wrong', async () => {
    const { ua } = await callee('auth.xml', { username: 'robot', password: 'wrong' });
    expect(await ua.invite({ to: '13800000003', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result)
      .toEqual({ kind: 'failed', status: 403, reason: 'Forbidden' });
  });

  it('CANCELs a call that rings past ringTimeoutMs; the 487 ends it as ring_timeout', async () => {
    const { ua } = await callee('ring-forever.xml');
    const started = Date.now();
    expect(await ua.invite({ to: '13800000004', sdpOffer: OFFER, ringTimeoutMs: 300 }).result).toEqual({ kind: 'ring_timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expectAllSettled(ua);
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('answers a re-INVITE mid-call with 200 and our SDP, then takes the callee BYE', async () => {
    const { ua } = await callee('reinvite.xml');
    const result = await ua.invite({ to: '13800000005', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    expect(await result.dialog.ended).toEqual({ by: 'remote' });
    await expectAllSettled(ua);
    expect(await sippVerdict()).toMatchObject({ successful: 1, failed: 0 });
  });

  it('ACKs the 2xx with the callee To tag and a z9hG4bK branch of its own (SIPp checks both)', async () => {
    const { ua } = await callee('ack-2xx.xml');
    const result = await ua.invite({ to: '13800000006', sdpOffer: OFFER, ringTimeoutMs: 5000 }).result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    await new Promise((r) => setTimeout(r, 50));
    await result.dialog.bye();
    const verdict = await sippVerdict();
    expect(verdict.result.errors).toBe('');
    expect(verdict).toMatchObject({ successful: 1, failed: 0 });
  });

  // Big socket buffers on both sides: SIPp's default of 64 KB drops part of a burst of 200 INVITEs
  // or BYEs, and SIPp does not answer a retransmitted BYE of a call it has already ended.
  it('carries 200 concurrent calls on one socket and ends with no dialog and no timer left', async () => {
    sipp = await startSippUas({ scenario: join(SCENARIOS, 'answer-at-once.xml'), lifetimeS: 30, maxCalls: 1000, extraArgs: ['-buff_size', String(4 * 1024 * 1024)] });
    ua = await startSipUserAgent({ bindHost: '127.0.0.1', trunk: { host: sipp.host, port: sipp.port }, timers: { t4Ms: 50 } });
    const agent = ua;
    const calls = Array.from({ length: 200 }, (_, i) => agent.invite({ to: `1390000${String(i).padStart(4, '0')}`, sdpOffer: OFFER, ringTimeoutMs: 10_000 }));
    expect(new Set(calls.map((c) => c.callId)).size).toBe(200);
    const results = await Promise.all(calls.map((c) => c.result));
    expect(results.filter((r) => r.kind === 'answered')).toHaveLength(200);
    expect(agent.activeDialogs).toBe(200);
    await Promise.all(results.map((r) => (r.kind === 'answered' ? r.dialog.bye() : undefined)));
    expect(agent.activeDialogs).toBe(0);
    await agent.close();
    expect(agent.pendingTimers).toBe(0);
    expect(agent.droppedMessages).toBe(0);
    expect(await sippVerdict()).toMatchObject({ successful: 200, failed: 0 });
  }, 20_000);
});
