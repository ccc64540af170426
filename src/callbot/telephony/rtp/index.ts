/** RTP media for SIP calls: G.711, RFC 4733 key presses, the shared media clock, per-call sessions. */
export { codecForPayloadType, decodeG711, encodeG711, G711_PAYLOAD_TYPE, G711_SAMPLE_RATE, G711_SILENCE_BYTE, type G711Codec } from './g711.ts';
export { MediaClock, sharedMediaClock, type LatenessStats, type PacedStream } from './media-clock.ts';
export { DEFAULT_TELEPHONE_EVENT_PT, openMediaSession, type MediaSession, type MediaSessionOptions, type PlayResult, type PortRange } from './media-session.ts';
export { MediaPortsExhaustedError } from './ports.ts';
export { digitToEvent, eventToDigit } from './telephone-event.ts';
