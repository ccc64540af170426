import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientTransactionTable } from './client-transactions.ts';
import { SipHeaders, type SipMessage, type SipRequest, type SipResponse } from './message.ts';
import { buildRequest, readMessageKeys } from './requests.ts';
import { TimerSet } from './timers.ts';

const T1 = 100;
const timers = { t1: T1, t2: 400, t4: 500 };
const trunk = { host: '127.0.0.1', port: 5060 };

function setup() {
  const sent: Array<{ at: number; message: SipMessage }> = [];
  const schedule = new TimerSet();
  const start = Date.now();
  const table = new ClientTransactionTable({ timers, schedule, send: (message) => sent.push({ at: Date.now() - start, message }) });
  const user = { responses: [] as number[], timeouts: 0, onResponse(r: SipResponse) { this.responses.push(r.status); }, onTimeout() { this.timeouts++; } };
  return { sent, schedule, table, user };
}

function request(method: string): SipRequest {
  return buildRequest({ method, uri: 'sip:138@trunk', via: { host: '127.0.0.1', port: 5062, branch: 'z9hG4bKtest' }, from: '<sip:f@t>;tag=1', to: '<sip:138@trunk>', callId: 'c1', cseq: 1 });
}

function responseTo(req: SipRequest, status: number, toTag = 'remote'): SipResponse {
  const headers = new SipHeaders();
  for (const name of ['via', 'from', 'call-id', 'cseq']) headers.add(name, req.headers.get(name)!);
  headers.add('to', `${req.headers.get('to')};tag=${toTag}`);
  return { kind: 'response', status, reason: 'R', headers, body: '' };
}

function deliver(table: ClientTransactionTable, response: SipResponse): boolean {
  return table.dispatch(response, readMessageKeys(response)!);
}

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('INVITE client transaction (RFC 3261 §17.1.1)', () => {
  it('retransmits on Timer A doubling from T1 and times out on Timer B = 64·T1', () => {
    const { sent, table, user, schedule } = setup();
    table.send(request('INVITE'), trunk, user);
    vi.advanceTimersByTime(64 * T1 - 1);
    // Seven transmissions in all, as §17.1.1.2 notes for the default T1.
    expect(sent.map((s) => s.at)).toEqual([0, 100, 300, 700, 1500, 3100, 6300]);
    expect(user.timeouts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(user.timeouts).toBe(1);
    expect(table.size).toBe(0);
    expect(schedule.size).toBe(0);
  });

  it('stops retransmitting on a provisional and no longer times out', () => {
    const { sent, table, user } = setup();
    const invite = request('INVITE');
    table.send(invite, trunk, user);
    vi.advanceTimersByTime(150);
    expect(deliver(table, responseTo(invite, 180))).toBe(true);
    vi.advanceTimersByTime(100 * T1);
    expect(sent).toHaveLength(2);
    expect(user.timeouts).toBe(0);
    expect(user.responses).toEqual([180]);
  });

  it('ACKs a non-2xx with the same branch, absorbs its retransmissions and ends after Timer D', () => {
    const { sent, table, user, schedule } = setup();
    const invite = request('INVITE');
    table.send(invite, trunk, user);
    const busy = responseTo(invite, 486);
    deliver(table, busy);
    deliver(table, busy);
    expect(user.responses).toEqual([486]);
    const acks = sent.filter((s) => s.message.kind === 'request' && s.message.method === 'ACK').map((s) => s.message as SipRequest);
    expect(acks).toHaveLength(2);
    expect(acks[0]!.uri).toBe(invite.uri);
    expect(acks[0]!.headers.get('via')).toBe(invite.headers.get('via'));
    expect(acks[0]!.headers.get('cseq')).toBe('1 ACK');
    expect(acks[0]!.headers.get('to')).toBe('<sip:138@trunk>;tag=remote');
    expect(table.size).toBe(1);
    vi.advanceTimersByTime(64 * T1);
    expect(table.size).toBe(0);
    expect(schedule.size).toBe(0);
  });

  it('ends at once on a 2xx and leaves later 2xx to the core', () => {
    const { table, user } = setup();
    const invite = request('INVITE');
    table.send(invite, trunk, user);
    expect(deliver(table, responseTo(invite, 200))).toBe(true);
    expect(deliver(table, responseTo(invite, 200))).toBe(false);
    expect(user.responses).toEqual([200]);
  });
});

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('retransmits on Timer E doubling up to T2 and times out on Timer F', () => {
    const { sent, table, user } = setup();
    table.send(request('BYE'), trunk, user);
    vi.advanceTimersByTime(64 * T1);
    expect(sent.map((s) => s.at).slice(0, 8)).toEqual([0, 100, 300, 700, 1100, 1500, 1900, 2300]);
    expect(user.timeouts).toBe(1);
  });

  it('retransmits every T2 once proceeding, ends after Timer K when final', () => {
    const { sent, table, user, schedule } = setup();
    const bye = request('BYE');
    table.send(bye, trunk, user);
    deliver(table, responseTo(bye, 100));
    vi.advanceTimersByTime(1000);
    expect(sent.map((s) => s.at)).toEqual([0, 100, 500, 900]);
    deliver(table, responseTo(bye, 200));
    deliver(table, responseTo(bye, 200));
    expect(user.responses).toEqual([100, 200]);
    vi.advanceTimersByTime(timers.t4);
    expect(table.size).toBe(0);
    expect(schedule.size).toBe(0);
  });

  it('keeps a CANCEL apart from its INVITE with the same branch (§17.1.3)', () => {
    const { table } = setup();
    const invite = request('INVITE');
    const inviteUser = { n: 0, onResponse() { this.n++; }, onTimeout() {} };
    const cancelUser = { n: 0, onResponse() { this.n++; }, onTimeout() {} };
    table.send(invite, trunk, inviteUser);
    const cancel = request('CANCEL');
    table.send(cancel, trunk, cancelUser);
    deliver(table, responseTo(cancel, 200));
    expect([inviteUser.n, cancelUser.n]).toEqual([0, 1]);
  });
});
