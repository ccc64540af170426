/**
 * A bare caller for checking the SIPp residents without the robot: INVITE with an SDP offer whose
 * audio port is a socket of ours, ACK, then collect the RFC 4733 key presses sent to that socket,
 * and BYE. Deliberately minimal (no retransmissions, no authentication: loopback only); the
 * robot's own user agent and RTP stack live in sip/ and rtp/ and are not used here, so the
 * scenarios are checked independently of them.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';

export interface ProbeKey { key: string; timestamp: number; ssrc: number; atMs: number }

export interface ProbeCallResult {
  status: number;
  /** Provisional responses other than 100, in order (180, 183 …). */
  provisional: number[];
  /** RTP packets received by payload type (early media included). */
  packetsByPayloadType: Record<number, number>;
  /** Keys in the order their end packets arrived, each once; atMs counted from our ACK. */
  keys: ProbeKey[];
  /** Every telephone-event packet's sequence number, in arrival order. */
  sequences: number[];
  byeStatus: number | null;
  cancelStatus: number | null;
  /** The callee's own BYE, when it hung up first: whether it named our dialog (RFC 3261 §12.2.1.1). */
  remoteBye: { requestUri: string; toTagIsOurs: boolean; fromTagIsTheirs: boolean } | null;
}

const KEYS = '0123456789*#ABCD'; // RFC 4733 §3.2: events 0-15

export async function probeCall(o: {
  target: { host: string; port: number }; number: string; keys: number; timeoutMs: number; telephoneEventPt?: number;
  /** CANCEL the INVITE when no final response came this long after sending it. */
  cancelAfterMs?: number;
  /** After the keys, wait this long for the callee's BYE before sending ours. */
  awaitRemoteByeMs?: number;
}): Promise<ProbeCallResult> {
  const pt = o.telephoneEventPt ?? 101;
  const sip = await bound();
  const rtp = await bound();
  const local = sip.address();
  const callId = `${randomBytes(8).toString('hex')}@127.0.0.1`;
  const fromTag = randomBytes(4).toString('hex');
  const from = `<sip:probe@127.0.0.1:${local.port}>;tag=${fromTag}`;
  const result: ProbeCallResult = { status: 0, provisional: [], packetsByPayloadType: {}, keys: [], sequences: [], byeStatus: null, cancelStatus: null, remoteBye: null };
  const inviteBranch = `z9hG4bK${randomBytes(6).toString('hex')}`;
  const requestUri = `sip:${o.number}@${o.target.host}:${o.target.port}`;
  let ackAt = 0;
  let dialog: { to: string; target: string } | undefined;
  const seenEvents = new Set<string>();

  const request = (method: string, uri: string, to: string, cseq: number, body = '', branch = `z9hG4bK${randomBytes(6).toString('hex')}`) => {
    const head = [
      `${method} ${uri} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${local.port};branch=${branch}`,
      `From: ${from}`, `To: ${to}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`, `Contact: <sip:probe@127.0.0.1:${local.port}>`,
      'Max-Forwards: 70', ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    sip.send(`${head.join('\r\n')}\r\n\r\n${body}`, o.target.port, o.target.host);
  };

  let enoughKeys!: () => void;
  const keysDone = new Promise<void>((resolve) => { enoughKeys = resolve; });
  let finalResponse!: () => void;
  const answered = new Promise<void>((resolve) => { finalResponse = resolve; });
  let byeAnswered!: () => void;
  const byeDone = new Promise<void>((resolve) => { byeAnswered = resolve; });
  let remoteByeReceived!: () => void;
  const remoteByeDone = new Promise<void>((resolve) => { remoteByeReceived = resolve; });

  sip.on('message', (data) => {
    const [head = ''] = data.toString('utf8').split(/\r?\n\r?\n/);
    const lines = head.split(/\r?\n/);
    const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.replace(/^[^:]+:\s*/, '') ?? '';
    const byeRequest = /^BYE (\S+) SIP\/2\.0$/.exec(lines[0] ?? '');
    if (byeRequest) {
      const tag = (value: string) => /;\s*tag=([^;>\s]+)/.exec(value)?.[1];
      const theirTag = dialog ? tag(dialog.to) : undefined;
      result.remoteBye = {
        requestUri: byeRequest[1]!, toTagIsOurs: tag(header('To')) === fromTag,
        fromTagIsTheirs: theirTag !== undefined && tag(header('From')) === theirTag,
      };
      // RFC 3261 §8.2.6.2: the response copies Via, From, To, Call-ID and CSeq.
      const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((name) => `${name}: ${header(name)}`);
      sip.send(['SIP/2.0 200 OK', ...copied, 'Content-Length: 0', '', ''].join('\r\n'), o.target.port, o.target.host);
      remoteByeReceived();
      return;
    }
    const status = /^SIP\/2\.0 (\d{3})/.exec(lines[0] ?? '');
    if (!status) return;
    const code = Number(status[1]);
    if (/ BYE$/.test(header('CSeq'))) { result.byeStatus = code; byeAnswered(); return; }
    if (/ CANCEL$/.test(header('CSeq'))) { result.cancelStatus = code; return; }
    if (code < 200) {
      if (code > 100) result.provisional.push(code);
      return;
    }
    result.status = code;
    const to = header('To');
    const target = /<([^>]+)>/.exec(header('Contact'))?.[1] ?? `sip:${o.number}@${o.target.host}:${o.target.port}`;
    if (code < 300) {
      // RFC 3261 §13.2.2.4: ACK every 2xx, retransmissions included.
      request('ACK', target, to, 1);
      if (!dialog) { dialog = { to, target }; ackAt = Date.now(); }
    } else {
      // RFC 3261 §17.1.1.3: the ACK of a failure belongs to the INVITE transaction.
      request('ACK', requestUri, to, 1, '', inviteBranch);
    }
    finalResponse();
  });

  rtp.on('message', (packet) => {
    if (packet.length < 12 || packet[0]! >> 6 !== 2) return;
    const payloadType = packet[1]! & 0x7f;
    result.packetsByPayloadType[payloadType] = (result.packetsByPayloadType[payloadType] ?? 0) + 1;
    if (payloadType !== pt || packet.length < 16) return;
    result.sequences.push(packet.readUInt16BE(2));
    const timestamp = packet.readUInt32BE(4);
    const ssrc = packet.readUInt32BE(8);
    const event = packet[12]!;
    const end = (packet[13]! & 0x80) !== 0;
    // RFC 4733 §2.5.1.4 and §2.5.2.2: an event is one key however many end packets repeat it.
    const id = `${ssrc}:${timestamp}`;
    if (!end || seenEvents.has(id)) return;
    seenEvents.add(id);
    result.keys.push({ key: KEYS[event] ?? '?', timestamp, ssrc, atMs: Date.now() - ackAt });
    if (result.keys.length >= o.keys) enoughKeys();
  });

  const sdp = [
    'v=0', `o=probe 1 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
    `m=audio ${rtp.address().port} RTP/AVP 0 8 ${pt}`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000',
    `a=rtpmap:${pt} telephone-event/8000`, `a=fmtp:${pt} 0-15`, 'a=sendrecv', '',
  ].join('\r\n');
  const timeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  try {
    request('INVITE', requestUri, `<${requestUri}>`, 1, sdp, inviteBranch);
    if (o.cancelAfterMs !== undefined) {
      const cancelAfterMs = o.cancelAfterMs;
      // RFC 3261 §9.1: same request-URI, Via branch, Call-ID, From, To and CSeq number as the INVITE.
      void Promise.race([answered.then(() => true), timeout(cancelAfterMs).then(() => false)])
        .then((final) => { if (!final) request('CANCEL', requestUri, `<${requestUri}>`, 1, '', inviteBranch); });
    }
    await Promise.race([answered, timeout(o.timeoutMs)]);
    if (dialog) {
      if (o.keys > 0) await Promise.race([keysDone, timeout(o.timeoutMs)]);
      if (o.awaitRemoteByeMs) await Promise.race([remoteByeDone, timeout(o.awaitRemoteByeMs)]);
      if (!result.remoteBye) {
        request('BYE', dialog.target, dialog.to, 2);
        await Promise.race([byeDone, timeout(2000)]);
      }
    }
    return result;
  } finally {
    sip.close();
    rtp.close();
  }
}

async function bound(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return socket;
}
