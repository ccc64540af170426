import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseSipUri, parseVia, splitHeaderValues } from './headers.ts';
import { parseSipMessage, serializeSipMessage, type SipMessage } from './message.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

function parsed(datagram: Buffer): SipMessage {
  const result = parseSipMessage(datagram);
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

const INVITE = crlf([
  'INVITE sip:13800138000@trunk.example.com SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKaaa;rport',
  'Via: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bKbbb, SIP/2.0/UDP 10.0.0.3;branch=z9hG4bKccc',
  'Max-Forwards: 70',
  'From: "Robot, 防疫" <sip:fangyi@trunk.example.com>;tag=abc',
  'To: <sip:13800138000@trunk.example.com>',
  'Call-ID: 123@10.0.0.1',
  'CSeq: 1 INVITE',
  'Subject: a folded',
  '  header value',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\r\nTRAILING GARBAGE',
]);

describe('parseSipMessage', () => {
  it('reads a request with several Via values, a folded header and a body cut at Content-Length', () => {
    const m = parsed(INVITE);
    expect(m.kind).toBe('request');
    if (m.kind !== 'request') return;
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:13800138000@trunk.example.com');
    expect(m.headers.getAll('via')).toEqual([
      'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKaaa;rport',
      'SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bKbbb',
      'SIP/2.0/UDP 10.0.0.3;branch=z9hG4bKccc',
    ]);
    expect(m.headers.get('subject')).toBe('a folded header value');
    expect(m.body).toBe('v=0\r');
    expect(parseNameAddr(m.headers.get('from')!)).toEqual({ display: 'Robot, 防疫', uri: 'sip:fangyi@trunk.example.com', params: { tag: 'abc' } });
  });

  it('expands compact header forms (RFC 3261 §7.3.3)', () => {
    const m = parsed(crlf([
      'SIP/2.0 180 Ringing',
      'v: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1',
      'f: <sip:a@b>;tag=1', 't: <sip:c@d>;tag=2', 'i: call-1', 'CSeq: 7 INVITE',
      'm: <sip:c@127.0.0.1:5062>', 'c: application/sdp', 'l: 3', '', 'abc',
    ]));
    expect(m).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing', body: 'abc' });
    expect(m.headers.get('call-id')).toBe('call-1');
    expect(m.headers.get('Contact')).toBe('<sip:c@127.0.0.1:5062>');
    expect(m.headers.get('content-type')).toBe('application/sdp');
    expect(parseVia(m.headers.get('via')!)).toEqual({ transport: 'UDP', sentBy: { host: '127.0.0.1', port: 5060 }, params: { branch: 'z9hG4bK1' } });
  });

  it('joins Record-Route given as several fields and as a comma list in order', () => {
    const m = parsed(crlf([
      'SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>;tag=2',
      'Call-ID: x', 'CSeq: 1 INVITE', 'Record-Route: <sip:p1;lr>, <sip:p2;lr>', 'Record-Route: <sip:p3;lr>', 'Content-Length: 0', '', '',
    ]));
    expect(m.headers.getAll('record-route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr>', '<sip:p3;lr>']);
  });

  it('drops malformed datagrams with a reason instead of throwing', () => {
    const cases: Array<[Buffer, string]> = [
      [Buffer.from(''), 'empty'],
      [crlf(['INVITE sip:x SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', '', '']), 'missing from'],
      [crlf(['SIP/2.0 99 Odd', 'Via: x', 'From: a', 'To: b', 'Call-ID: c', 'CSeq: 1 X', '', '']), 'bad status line'],
      [crlf(['GARBAGE', 'Via: x', 'From: a', 'To: b', 'Call-ID: c', 'CSeq: 1 X', '', '']), 'bad request line'],
      [crlf(['BYE sip:x SIP/2.0', 'Via: x', 'From: a', 'To: b', 'Call-ID: c', 'CSeq: 1 BYE', 'Content-Length: 10', '', 'short']), 'body shorter'],
      [crlf(['BYE sip:x SIP/2.0', 'no colon here', '', '']), 'header line without a name'],
      [Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a]), 'header line'],
    ];
    for (const [datagram, reason] of cases) {
      const result = parseSipMessage(datagram);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(reason);
    }
  });

  it('round-trips through serializeSipMessage with a byte-exact Content-Length', () => {
    const m = parsed(INVITE);
    m.body = '体温 36.5';
    const again = parsed(serializeSipMessage(m));
    expect(again).toMatchObject({ kind: 'request', method: 'INVITE', body: '体温 36.5' });
    expect(again.headers.get('content-length')).toBe(String(Buffer.byteLength('体温 36.5')));
    expect(again.headers.getAll('via')).toHaveLength(3);
    expect(serializeSipMessage(again).toString()).toContain('\r\nCall-ID: 123@10.0.0.1\r\n');
  });
});

describe('header grammar', () => {
  it('splits lists outside quotes and angle brackets', () => {
    expect(splitHeaderValues('"a, b" <sip:x;p=1,2>;tag=1, <sip:y>')).toEqual(['"a, b" <sip:x;p=1,2>;tag=1', '<sip:y>']);
  });

  it('reads SIP URIs with user, port, params and IPv6 hosts', () => {
    expect(parseSipUri('sip:138@10.0.0.9:5080;transport=udp;lr')).toEqual({ scheme: 'sip', user: '138', host: '10.0.0.9', port: 5080, params: { transport: 'udp', lr: '' } });
    expect(parseSipUri('sip:[::1]:5062')).toMatchObject({ host: '::1', port: 5062, user: null });
    expect(parseSipUri('tel:+86138')).toBeNull();
  });

  it('treats parameters after an addr-spec without <> as header parameters (§20.10)', () => {
    expect(parseNameAddr('sip:a@b;tag=9')).toEqual({ display: '', uri: 'sip:a@b', params: { tag: '9' } });
  });
});
