import { describe, expect, it } from 'vitest';
import { buildSdpOffer, parseSdpAnswer, SdpError } from './sdp.ts';

function sdpErrorCode(sdp: string): string {
  try {
    parseSdpAnswer(sdp);
    return 'no error';
  } catch (error) {
    return error instanceof SdpError ? error.code : `other: ${String(error)}`;
  }
}

const lines = (...l: string[]) => `${l.join('\r\n')}\r\n`;

describe('buildSdpOffer', () => {
  it('offers PCMU, PCMA and telephone-event 0-16 at 20 ms, sendrecv', () => {
    const sdp = buildSdpOffer({ address: '127.0.0.1', port: 40000, sessionId: '42' });
    expect(sdp.split('\r\n')).toEqual([
      'v=0', 'o=fangyi 42 1 IN IP4 127.0.0.1', 's=fangyi', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=audio 40000 RTP/AVP 0 8 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
    ]);
  });

  it('honours codec order, the event payload type, the version and IPv6', () => {
    const sdp = buildSdpOffer({ address: '::1', port: 5004, sessionId: '7', sessionVersion: 3, codecs: ['PCMA'], telephoneEventPt: 96 });
    expect(sdp).toContain('o=fangyi 7 3 IN IP6 ::1');
    expect(sdp).toContain('m=audio 5004 RTP/AVP 8 96\r\n');
    expect(sdp).not.toContain('PCMU');
    // our own offer parses as an answer (what a loopback peer echoing it would send)
    expect(parseSdpAnswer(sdp)).toEqual({ address: '::1', port: 5004, codec: 'PCMA', telephoneEventPt: 96, direction: 'sendrecv' });
  });
});

describe('parseSdpAnswer', () => {
  it('takes the session-level connection and the first G.711 in m= order', () => {
    expect(parseSdpAnswer(lines('v=0', 'o=- 1 1 IN IP4 10.1.1.1', 's=-', 'c=IN IP4 10.1.1.1', 't=0 0',
      'm=audio 6000 RTP/AVP 18 8 0 100', 'a=rtpmap:18 G729/8000', 'a=rtpmap:100 telephone-event/8000', 'a=fmtp:100 0-15')))
      .toEqual({ address: '10.1.1.1', port: 6000, codec: 'PCMA', telephoneEventPt: 100, direction: 'sendrecv' });
  });

  it('prefers a media-level connection, reads the direction and static types without rtpmap', () => {
    expect(parseSdpAnswer(lines('v=0', 'o=- 1 1 IN IP4 10.1.1.1', 's=-', 'c=IN IP4 10.1.1.1', 't=0 0', 'a=recvonly',
      'm=video 7000 RTP/AVP 96', 'c=IN IP4 10.9.9.9', 'm=audio 6002 RTP/AVP 0', 'c=IN IP4 10.2.2.2', 'a=sendonly')))
      .toEqual({ address: '10.2.2.2', port: 6002, codec: 'PCMU', telephoneEventPt: null, direction: 'sendonly' });
    expect(parseSdpAnswer('v=0\nc=IN IP4 10.1.1.1\na=recvonly\nm=audio 6002 RTP/AVP 0\n').direction).toBe('recvonly');
  });

  it('accepts G.711 on a dynamic payload type through its rtpmap', () => {
    expect(parseSdpAnswer(lines('v=0', 'c=IN IP4 1.2.3.4', 'm=audio 9 RTP/AVP 97', 'a=rtpmap:97 pcmu/8000')).codec).toBe('PCMU');
  });

  it('treats c=0.0.0.0 as the RFC 3264 §8.4 hold form', () => {
    expect(parseSdpAnswer(lines('v=0', 'c=IN IP4 0.0.0.0', 'm=audio 9 RTP/AVP 0')).direction).toBe('inactive');
  });

  it('throws SdpError with a stable code when there is no usable audio', () => {
    expect(sdpErrorCode(lines('v=0', 'c=IN IP4 1.2.3.4', 'm=audio 0 RTP/AVP 0'))).toBe('SDP_AUDIO_REJECTED');
    expect(sdpErrorCode(lines('v=0', 'c=IN IP4 1.2.3.4', 'm=video 5000 RTP/AVP 96'))).toBe('SDP_NO_AUDIO');
    expect(sdpErrorCode(lines('v=0', 'c=IN IP4 1.2.3.4', 'm=audio 5000 RTP/AVP 18', 'a=rtpmap:18 G729/8000'))).toBe('SDP_NO_G711');
    expect(sdpErrorCode(lines('v=0', 'm=audio 5000 RTP/AVP 0'))).toBe('SDP_NO_CONNECTION');
    expect(sdpErrorCode('')).toBe('SDP_NO_AUDIO');
  });
});
