/** The user agent against a scripted raw-UDP peer: routing, dialogs and the paths SIPp cannot script. */
import { afterEach, describe, expect, it } from 'vitest';
import { computeDigestResponse, parseDigestChallenge } from './digest.ts';
import { parseNameAddr, parseVia } from './headers.ts';
import { SipHeaders, type SipRequest } from './message.ts';
import { buildRequest, newBranch } from './requests.ts';
import { buildSdpOffer } from './sdp.ts';
import { isRequest, isResponse, openTestPeer, type Received, type TestPeer } from './test-peer.ts';
import { startSipUserAgent, type SipUserAgent, type TrunkConfig } from './user-agent.ts';

const ANSWER = buildSdpOffer({ address: '127.0.0.1', port: 30000, sessionId: '9' });
const OFFER = buildSdpOffer({ address: '127.0.0.1', port: 20000, sessionId: '1' });
const opened: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function setup(trunk: Partial<TrunkConfig> = {}, t1Ms = 20): Promise<{ ua: SipUserAgent; peer: TestPeer }> {
  const peer = await openTestPeer();
  opened.push(peer);
  const ua = await startSipUserAgent({ bindHost: '127.0.0.1', trunk: { host: '127.0.0.1', port: peer.port, ...trunk }, timers: { t1Ms, t4Ms: 50 } });
  opened.push(ua);
  return { ua, peer };
}

const via = (m: { headers: SipHeaders }) => parseVia(m.headers.get('via')!)!;
const viaOf = (m: Received) => via(m.message);

/** Answer the INVITE with 200 and the given extra headers; returns the INVITE and the 200. */
async function answer(peer: TestPeer, extra: Array<[string, string]> = []) {
  const invite = await peer.next(isRequest('INVITE'));
  const ok = peer.reply(invite, 200, 'OK', { toTag: 'callee', extra: [['Contact', `<sip:callee@127.0.0.1:${peer.port}>`], ...extra], body: { type: 'application/sdp', content: ANSWER } });
  return { invite, ok };
}

/** A request the peer sends inside the dialog (From/To swapped, callee's tag). */
function inDialog(method: string, invite: SipRequest, cseq: number, o: { toTag?: string; callId?: string; body?: string } = {}): SipRequest {
  const caller = parseNameAddr(invite.headers.get('from')!);
  return buildRequest({
    method, uri: invite.headers.get('contact')!.slice(1, -1), cseq, callId: o.callId ?? invite.headers.get('call-id')!,
    via: { host: '127.0.0.1', port: 1, branch: newBranch() },
    from: `${invite.headers.get('to')};tag=callee`, to: `<${caller.uri}>;tag=${o.toTag ?? caller.params['tag']}`,
    contact: '<sip:callee@127.0.0.1>', body: o.body ? { type: 'application/sdp', content: o.body } : undefined,
  });
}

describe('SIP user agent against a raw peer', () => {
  it('sends INVITE with SDP, Contact and User-Agent; ACK and BYE follow the reversed Record-Route (§12.1.2, §12.2.1.1)', async () => {
    const { ua, peer } = await setup({ callerId: '10086', domain: 'trunk.example' });
    const call = ua.invite({ to: '13800138000', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const { invite } = await answer(peer, [['Record-Route', `<sip:p1@127.0.0.1:9;lr>, <sip:p2@127.0.0.1:${peer.port};lr>`]]);
    const req = invite.message as SipRequest;
    expect(req.uri).toBe('sip:13800138000@trunk.example');
    expect(req.headers.get('contact')).toBe(`<sip:10086@127.0.0.1:${ua.localAddress.port}>`);
    expect(req.headers.get('user-agent')).toBe('fangyi');
    expect(req.body).toBe(OFFER);
    expect(viaOf(invite).params['branch']).toMatch(/^z9hG4bK/);

    const result = await call.result;
    expect(result.kind).toBe('answered');
    if (result.kind !== 'answered') return;
    expect(result.sdpAnswer).toBe(ANSWER);
    expect(ua.activeDialogs).toBe(1);

    const ack = (await peer.next(isRequest('ACK'))).message as SipRequest;
    expect(ack.uri).toBe(`sip:callee@127.0.0.1:${peer.port}`);
    expect(ack.headers.getAll('route')).toEqual([`<sip:p2@127.0.0.1:${peer.port};lr>`, '<sip:p1@127.0.0.1:9;lr>']);
    expect(parseNameAddr(ack.headers.get('to')!).params['tag']).toBe('callee');
    expect(via(ack).params['branch']).not.toBe(viaOf(invite).params['branch']);
    expect(ack.headers.get('cseq')).toBe('1 ACK');

    const byeDone = result.dialog.bye();
    const bye = await peer.next(isRequest('BYE'));
    expect((bye.message as SipRequest).uri).toBe(`sip:callee@127.0.0.1:${peer.port}`);
    expect(bye.message.headers.getAll('route')).toHaveLength(2);
    expect(bye.message.headers.get('cseq')).toBe('2 BYE');
    peer.reply(bye, 200, 'OK');
    await byeDone;
    expect(await result.dialog.ended).toEqual({ by: 'local' });
    expect(ua.activeDialogs).toBe(0);
  });

  it('re-sends the same ACK for every retransmitted 2xx (§13.2.2.4)', async () => {
    const { ua, peer } = await setup();
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const { invite, ok } = await answer(peer);
    await call.result;
    const first = await peer.next(isRequest('ACK'));
    peer.send(ok, invite.from);
    const second = await peer.next(isRequest('ACK'));
    expect(viaOf(second).params['branch']).toBe(viaOf(first).params['branch']);
  });

  it('answers in-dialog and stray requests: OPTIONS 200, re-INVITE 200 with our SDP until ACK, unknown dialog 481, remote BYE ends', async () => {
    const { ua, peer } = await setup();
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const { invite } = await answer(peer);
    const result = await call.result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    const inv = invite.message as SipRequest;
    const target = { host: '127.0.0.1', port: ua.localAddress.port };

    peer.send(inDialog('OPTIONS', inv, 1), target);
    await peer.next(isResponse(200, 'OPTIONS'));

    const reinvite = inDialog('INVITE', inv, 2, { body: ANSWER });
    peer.send(reinvite, target);
    const ok = await peer.next(isResponse(200, 'INVITE'));
    expect(ok.message.body).toBe(OFFER);
    // no ACK yet: the 200 comes again (§13.3.1.4)
    await peer.next(isResponse(200, 'INVITE'));
    const ack = inDialog('ACK', inv, 2);
    peer.send(ack, target);
    await new Promise((r) => setTimeout(r, 60));
    peer.send(reinvite, target); // a late retransmission of the re-INVITE gets the same answer
    await peer.next(isResponse(200, 'INVITE'));
    expect(await peer.quiet(isResponse(200, 'INVITE'), 200)).toBe(true);

    peer.send(inDialog('BYE', inv, 3, { callId: 'nobody@x' }), target);
    await peer.next(isResponse(481, 'BYE'));
    peer.send(inDialog('BYE', inv, 3, { toTag: 'wrong' }), target);
    await peer.next(isResponse(481, 'BYE'));
    expect(ua.activeDialogs).toBe(1);

    peer.send(inDialog('BYE', inv, 4), target);
    await peer.next(isResponse(200, 'BYE'));
    expect(await result.dialog.ended).toEqual({ by: 'remote' });
    expect(ua.activeDialogs).toBe(0);
    await result.dialog.bye(); // idempotent after a remote BYE: nothing sent
    expect(await peer.quiet(isRequest('BYE'), 100)).toBe(true);
  });

  it('drops malformed datagrams with a reason and keeps working', async () => {
    const reasons: string[] = [];
    const peer = await openTestPeer();
    opened.push(peer);
    const ua = await startSipUserAgent({ bindHost: '127.0.0.1', trunk: { host: '127.0.0.1', port: peer.port }, onDropped: (r) => reasons.push(r) });
    opened.push(ua);
    const target = { host: '127.0.0.1', port: ua.localAddress.port };
    peer.send(Buffer.from('this is not SIP\r\n\r\n'), target);
    peer.send(Buffer.from('OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\n\r\n'), target);
    const ok = await peer.next(isResponse(200, 'OPTIONS'));
    expect(ok.message.headers.get('allow')).toContain('INVITE');
    expect(ua.droppedMessages).toBe(1);
    expect(reasons[0]).toMatch(/header|missing/);
  });

  it('answers a 407 once with Proxy-Authorization and CSeq 2; a second challenge fails with 407', async () => {
    const { ua, peer } = await setup({ username: 'robot', password: 's3cret' });
    const call = ua.invite({ to: '138', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const challenge = 'Digest realm="carrier", nonce="abc123", qop="auth", opaque="op"';
    const first = await peer.next(isRequest('INVITE'));
    peer.reply(first, 407, 'Proxy Authentication Required', { toTag: 'p', extra: [['Proxy-Authenticate', challenge]] });
    const ack = await peer.next(isRequest('ACK'));
    expect(viaOf(ack).params['branch']).toBe(viaOf(first).params['branch']);
    const second = await peer.next(isRequest('INVITE'));
    expect(second.message.headers.get('cseq')).toBe('2 INVITE');
    expect(viaOf(second).params['branch']).not.toBe(viaOf(first).params['branch']);
    const auth = second.message.headers.get('proxy-authorization')!;
    const field = (name: string) => new RegExp(`${name}="?([^",]+)`).exec(auth)![1]!;
    const expected = computeDigestResponse({
      challenge: parseDigestChallenge(challenge)!, credentials: { username: 'robot', password: 's3cret' },
      method: 'INVITE', uri: 'sip:138@127.0.0.1', cnonce: field('cnonce'), nonceCount: 1,
    });
    expect(field('response')).toBe(expected!.response);
    peer.reply(second, 407, 'Proxy Authentication Required', { toTag: 'p', extra: [['Proxy-Authenticate', challenge]] });
    expect(await call.result).toEqual({ kind: 'failed', status: 407, reason: 'Proxy Authentication Required' });
  });

  it('reports transport_timeout after Timer B when nothing answers, and leaves no timers once the call is forgotten', async () => {
    const { ua, peer } = await setup({}, 5);
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 60_000 });
    expect(await call.result).toEqual({ kind: 'transport_timeout' });
    expect(peer.port).toBeGreaterThan(0);
    // the settled call is kept 64·T1 for late 2xx, then nothing is left
    expect(ua.pendingTimers).toBe(1);
    await new Promise((r) => setTimeout(r, 64 * 5 + 50));
    expect(ua.pendingTimers).toBe(0);
  });

  it('holds cancel() until a provisional arrives, then CANCELs with the INVITE branch; 487 ends it (§9.1)', async () => {
    const { ua, peer } = await setup();
    const provisional: number[] = [];
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000, onProvisional: (p) => provisional.push(p.status) });
    const invite = await peer.next(isRequest('INVITE'));
    call.cancel();
    expect(await peer.quiet(isRequest('CANCEL'), 100)).toBe(true);
    peer.reply(invite, 100, 'Trying');
    const cancel = await peer.next(isRequest('CANCEL'));
    expect(provisional).toEqual([]);
    expect((cancel.message as SipRequest).uri).toBe((invite.message as SipRequest).uri);
    expect(viaOf(cancel).params['branch']).toBe(viaOf(invite).params['branch']);
    expect(cancel.message.headers.get('cseq')).toBe('1 CANCEL');
    peer.reply(cancel, 200, 'OK', { toTag: 'x' });
    peer.reply(invite, 487, 'Request Terminated', { toTag: 'x' });
    expect(await call.result).toEqual({ kind: 'cancelled' });
    await peer.next(isRequest('ACK'));
  });

  it('ACKs and BYEs a 2xx that crossed our CANCEL', async () => {
    const { ua, peer } = await setup();
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 80 });
    const invite = await peer.next(isRequest('INVITE'));
    peer.reply(invite, 180, 'Ringing', { toTag: 'callee' });
    await peer.next(isRequest('CANCEL'));
    peer.reply(invite, 200, 'OK', { toTag: 'callee', extra: [['Contact', `<sip:callee@127.0.0.1:${peer.port}>`]], body: { type: 'application/sdp', content: ANSWER } });
    expect(await call.result).toEqual({ kind: 'ring_timeout' });
    await peer.next(isRequest('ACK'));
    const bye = await peer.next(isRequest('BYE'));
    peer.reply(bye, 200, 'OK');
    await new Promise((r) => setTimeout(r, 20));
    expect(ua.activeDialogs).toBe(0);
  });

  it('close() ends ringing calls and dialogs and leaves no timers behind', async () => {
    const { ua, peer } = await setup();
    const ringing = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const answered = ua.invite({ to: '2', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const first = await peer.next(isRequest('INVITE'));
    const second = await peer.next(isRequest('INVITE'));
    const [ring, ans] = (first.message as SipRequest).uri.startsWith('sip:1@') ? [first, second] : [second, first];
    peer.reply(ring, 180, 'Ringing', { toTag: 'r' });
    peer.reply(ans, 200, 'OK', { toTag: 'a', extra: [['Contact', `<sip:a@127.0.0.1:${peer.port}>`]], body: { type: 'application/sdp', content: ANSWER } });
    const result = await answered.result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    await peer.next(isRequest('ACK'));
    await ua.close();
    expect(await ringing.result).toEqual({ kind: 'cancelled' });
    expect(await result.dialog.ended).toEqual({ by: 'local' });
    await result.dialog.bye();
    await peer.next(isRequest('CANCEL'));
    await peer.next(isRequest('BYE'));
    expect(ua.activeDialogs).toBe(0);
    expect(ua.pendingTimers).toBe(0);
    expect(() => ua.invite({ to: '3', sdpOffer: OFFER, ringTimeoutMs: 1 })).toThrow(/closed/);
  });

  it('passes early media (183 with SDP) to onProvisional, then reports the final 486', async () => {
    const { ua, peer } = await setup();
    const provisional: Array<{ status: number; sdp?: string }> = [];
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000, onProvisional: (p) => provisional.push({ status: p.status, sdp: p.sdp }) });
    const invite = await peer.next(isRequest('INVITE'));
    peer.reply(invite, 183, 'Session Progress', { toTag: 'em', body: { type: 'application/sdp', content: ANSWER } });
    peer.reply(invite, 180, 'Ringing', { toTag: 'em' });
    peer.reply(invite, 486, 'Busy Here', { toTag: 'em' });
    expect(await call.result).toEqual({ kind: 'failed', status: 486, reason: 'Busy Here' });
    expect(provisional).toEqual([{ status: 183, sdp: ANSWER }, { status: 180, sdp: undefined }]);
  });

  it('gives up a cancel() that never saw a provisional after Timer B, without sending CANCEL (§9.1)', async () => {
    const { ua, peer } = await setup({}, 5);
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 60_000 });
    await peer.next(isRequest('INVITE'));
    call.cancel();
    expect(await call.result).toEqual({ kind: 'cancelled' });
    expect(await peer.quiet(isRequest('CANCEL'), 50)).toBe(true);
  });

  it('answers a challenged BYE once with credentials and CSeq + 1', async () => {
    const { ua, peer } = await setup({ username: 'robot', password: 'pw' });
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    await answer(peer);
    const result = await call.result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    const done = result.dialog.bye();
    const bye = await peer.next(isRequest('BYE'));
    peer.reply(bye, 401, 'Unauthorized', { extra: [['WWW-Authenticate', 'Digest realm="r", nonce="n"']] });
    const retried = await peer.next(isRequest('BYE'));
    expect(retried.message.headers.get('cseq')).toBe('3 BYE');
    expect(retried.message.headers.get('authorization')).toContain('username="robot"');
    peer.reply(retried, 200, 'OK');
    await done;
    expect(ua.activeDialogs).toBe(0);
  });

  it('answers a CANCEL of an answered re-INVITE 200 and a stray one 481; declines incoming INVITEs; 405 otherwise', async () => {
    const { ua, peer } = await setup();
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const { invite } = await answer(peer);
    await call.result;
    const inv = invite.message as SipRequest;
    const target = { host: '127.0.0.1', port: ua.localAddress.port };
    const reinvite = inDialog('INVITE', inv, 5, { body: ANSWER });
    peer.send(reinvite, target);
    await peer.next(isResponse(200, 'INVITE'));
    const cancel = { ...reinvite, method: 'CANCEL', headers: reinvite.headers.clone().set('cseq', '5 CANCEL'), body: '' };
    peer.send(cancel, target);
    await peer.next(isResponse(200, 'CANCEL'));
    peer.send({ ...cancel, headers: cancel.headers.clone().set('via', 'SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKother') }, target);
    await peer.next(isResponse(481, 'CANCEL'));
    const fresh = inDialog('INVITE', inv, 1, { callId: 'incoming@x' });
    fresh.headers.set('to', '<sip:fangyi@127.0.0.1>');
    peer.send(fresh, target);
    await peer.next(isResponse(603, 'INVITE'));
    const message = inDialog('MESSAGE', inv, 1, { callId: 'm@x' });
    message.headers.set('to', '<sip:fangyi@127.0.0.1>');
    peer.send(message, target);
    await peer.next(isResponse(405, 'MESSAGE'));
  });

  it('ACKs and BYEs the 2xx of a second fork and keeps the first dialog (§13.2.2.4)', async () => {
    const { ua, peer } = await setup();
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 5000 });
    const { invite } = await answer(peer);
    const result = await call.result;
    if (result.kind !== 'answered') throw new Error(result.kind);
    await peer.next(isRequest('ACK'));
    peer.reply(invite, 200, 'OK', { toTag: 'fork2', extra: [['Contact', `<sip:fork2@127.0.0.1:${peer.port}>`]], body: { type: 'application/sdp', content: ANSWER } });
    const ack = await peer.next(isRequest('ACK'));
    expect(parseNameAddr(ack.message.headers.get('to')!).params['tag']).toBe('fork2');
    const bye = await peer.next(isRequest('BYE'));
    expect((bye.message as SipRequest).uri).toBe(`sip:fork2@127.0.0.1:${peer.port}`);
    peer.reply(bye, 200, 'OK');
    await new Promise((r) => setTimeout(r, 20));
    expect(ua.activeDialogs).toBe(1);
    const done = result.dialog.bye();
    peer.reply(await peer.next(isRequest('BYE')), 200, 'OK');
    await done;
    // a 2xx retransmission of the ended dialog starts nothing new
    peer.reply(invite, 200, 'OK', { toTag: 'callee', extra: [['Contact', `<sip:callee@127.0.0.1:${peer.port}>`]], body: { type: 'application/sdp', content: ANSWER } });
    expect(await peer.quiet(isRequest('BYE'), 100)).toBe(true);
    expect(ua.activeDialogs).toBe(0);
  });

  it('hangs up a 2xx that arrives after a CANCEL gave up (§9.1)', async () => {
    const { ua, peer } = await setup({}, 5);
    const call = ua.invite({ to: '1', sdpOffer: OFFER, ringTimeoutMs: 30 });
    const invite = await peer.next(isRequest('INVITE'));
    peer.reply(invite, 180, 'Ringing', { toTag: 'late' });
    await peer.next(isRequest('CANCEL'));
    expect(await call.result).toEqual({ kind: 'ring_timeout' });
    peer.reply(invite, 200, 'OK', { toTag: 'late', extra: [['Contact', `<sip:late@127.0.0.1:${peer.port}>`]], body: { type: 'application/sdp', content: ANSWER } });
    await peer.next(isRequest('ACK'));
    peer.reply(await peer.next(isRequest('BYE')), 200, 'OK');
    await new Promise((r) => setTimeout(r, 20));
    expect(ua.activeDialogs).toBe(0);
  });
});
