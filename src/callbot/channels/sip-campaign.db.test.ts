/**
 * A campaign of 200 SIPp callees over the phone channel (issue 9): twenty of each behaviour of the
 * residents' number plan, dialled by the real dialer through SIP and RTP on 127.0.0.1, retried by
 * the campaign's policy, ending in the report the behaviours stand for.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { csvImport, newCampaign, templateId } from '../campaigns/testing.ts';
import { runDialerTick } from '../campaigns/dialer.ts';
import { understand } from '../nlu/understand.ts';
import { MediaClock } from '../telephony/rtp/media-clock.ts';
import { PromptCache } from '../telephony/prompts/prompt-cache.ts';
import { startSipUserAgent, type SipUserAgent } from '../telephony/sip/user-agent.ts';
import { NUMBER_PLAN, residentNumber, RESIDENTS_SCENARIO, sippAvailable, sippCanPlayAudio, startSippUas, type ResidentBehaviour, type SippProcess } from '../telephony/testing/sipp.ts';
import { createTrunkLines } from '../telephony/trunk-lines.ts';
import { createSipChannel, type SipChannel } from './sip.ts';

const runnable = sippAvailable() && sippCanPlayAudio();
if (process.env.CI && !runnable) throw new Error('CI must have sipp (Debian sip-tester) and run as root for the phone tests');

const at = (local: string) => new Date(`${local}:00+08:00`);
const clock = fixedClock(at('2026-12-01T10:00'));
const PER_BEHAVIOUR = 20;
const BEHAVIOURS = Object.keys(NUMBER_PLAN) as ResidentBehaviour[];

/** What the attempts of each behaviour end as over two tries (empty numbers are not tried again). */
const ATTEMPTS: Record<ResidentBehaviour, string[]> = {
  normal: ['connected'], fever: ['connected'], busy: ['busy', 'busy'], no_answer: ['no_answer', 'no_answer'], rejected: ['rejected', 'rejected'],
  hangs_up: ['connected', 'connected'], early_media_busy: ['unknown', 'unknown'], empty_number: ['empty_number'], unreachable: ['unreachable', 'unreachable'],
  unavailable: ['no_answer', 'no_answer'],
};

// The phone path stores nothing a server PostgreSQL treats differently: once, on the embedded database, is enough.
const onServer = process.env.FANGYI_TEST_PG === 'server';

describe.skipIf(!runnable || onServer)('a campaign of 200 SIPp callees (skipped: needs sipp and root for its RTP playback; runs on the embedded database only)', () => {
  let t: TestPlatform;
  let worker: Session;
  let sipp: SippProcess;
  let agent: SipUserAgent;
  let media: MediaClock;
  let channel: SipChannel;
  const trunkBefore = process.env.FANGYI_SIP_TRUNK;

  beforeAll(async () => {
    sipp = await startSippUas({ scenario: RESIDENTS_SCENARIO, lifetimeS: 600 });
    // The installation has a phone line: 'sip' campaigns may be created.
    process.env.FANGYI_SIP_TRUNK = `${sipp.host}:${sipp.port}`;
    agent = await startSipUserAgent({ bindHost: '127.0.0.1', bindPort: 0, trunk: { host: sipp.host, port: sipp.port } });
    media = new MediaClock();
    const dir = path.join(tmpdir(), 'fangyi-test-prompt-cache');
    mkdirSync(dir, { recursive: true });
    channel = createSipChannel({
      agent, clock: media, prompts: new PromptCache({ dir }), recogniser: null, lines: createTrunkLines({ maxCalls: 100, callsPerSecond: 50 }),
      maxCalls: 100, mediaHost: '127.0.0.1', ringTimeoutMs: 4000,
    });
    t = await createTestPlatform({ clock });
    worker = await staffSession(t, 'sip-worker', 'community_worker', '330106');
  }, 120_000);

  afterAll(async () => {
    if (trunkBefore === undefined) delete process.env.FANGYI_SIP_TRUNK;
    else process.env.FANGYI_SIP_TRUNK = trunkBefore;
    await agent?.close();
    media?.close();
    await sipp?.stop();
    await t?.close();
  });

  it('dials everyone, retries the failed by policy, and reports what each behaviour stands for', async () => {
    const scriptId = await templateId(worker);
    const campaign = await newCampaign(worker, { regionCode: '330106', scriptId, channel: 'sip', attemptsPerDay: 2, retryIntervalMinutes: 5, endsOn: '2026-12-01' });
    const rows = BEHAVIOURS.flatMap((b) => Array.from({ length: PER_BEHAVIOUR }, (_, i) => `居民${b}${i},${residentNumber(b, i)}`));
    expect((await csvImport(worker, campaign.id, ['姓名,电话', ...rows].join('\n'))).json().accepted).toBe(200);
    expect((await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/start` })).statusCode).toBe(200);

    const tick = () => runDialerTick({ ...t.platform, understand, channelFor: (name) => (name === 'sip' ? channel : undefined), context: { riskRegionCodes: [] } });
    expect(await tick()).toMatchObject({ dialled: 200 });
    clock.set(at('2026-12-01T10:06'));
    const second = await tick();
    expect(second.dialled).toBe(PER_BEHAVIOUR * BEHAVIOURS.filter((b) => ATTEMPTS[b].length === 2).length);
    expect(second.completedCampaigns).toBe(1);

    const report = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}/report` })).json();
    expect(report.results).toEqual({ normal: PER_BEHAVIOUR, abnormal: PER_BEHAVIOUR, needs_checking: 0, not_reached: 200 - 2 * PER_BEHAVIOUR, refused: 0 });
    const expectedOutcomes: Record<string, number> = {};
    for (const b of BEHAVIOURS) for (const outcome of ATTEMPTS[b]) expectedOutcomes[outcome] = (expectedOutcomes[outcome] ?? 0) + PER_BEHAVIOUR;
    expect(Object.fromEntries(Object.entries(report.outcomes).filter(([, n]) => n !== 0))).toEqual(expectedOutcomes);
    expect(report.symptoms).toMatchObject({ fever: PER_BEHAVIOUR, cough: PER_BEHAVIOUR, diarrhea: 0 });
    expect(channel.activeCalls).toBe(0);
  }, 240_000);
});
