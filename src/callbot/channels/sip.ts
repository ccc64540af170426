/**
 * The phone channel (电话外呼): dials through the installation's SIP trunk. Each dial takes a trunk
 * line (concurrency and calls-per-second as contracted), opens an RTP port, sends the INVITE with
 * its SDP offer and turns the answer into a SipCallSession — or the failure into part 1's dial
 * outcomes, hearing the carrier's early-media announcement when a recogniser is configured.
 * Prompts of a script version are rendered once before its first call (prepare).
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import type { Script } from '../dialogue/model.ts';
import { KEYPAD_INSTRUCTIONS } from '../nlu/keypad.ts';
import { outcomeAfterEarlyMedia, outcomeOfStatus } from '../telephony/dial-outcomes.ts';
import type { MediaClock } from '../telephony/rtp/media-clock.ts';
import { openMediaSession, type MediaSession, type PortRange } from '../telephony/rtp/media-session.ts';
import { buildSdpOffer, parseSdpAnswer } from '../telephony/sip/sdp.ts';
import type { SipUserAgent } from '../telephony/sip/user-agent.ts';
import { classifyAnnouncement } from '../telephony/speech/announcement.ts';
import type { SpeechRecogniser } from '../telephony/speech/recogniser.ts';
import type { PromptCache } from '../telephony/prompts/prompt-cache.ts';
import type { TrunkLines } from '../telephony/trunk-lines.ts';
import type { CallChannel, DialRequest, DialResult } from './channel.ts';
import { SipCallSession } from './sip-session.ts';
import { scriptTexts } from './script-texts.ts';

export interface SipChannelDeps {
  agent: SipUserAgent;
  clock: MediaClock;
  prompts: PromptCache;
  recogniser: SpeechRecogniser | null;
  lines: TrunkLines;
  maxCalls: number;
  mediaHost: string;
  rtpPorts?: PortRange;
  ringTimeoutMs: number;
  /** Where the recordings a script names are (the script gives file names only). */
  recordingsDir?: string;
  /** Early media louder than this (mean absolute sample) counts as an announcement or ringback heard. */
  earlyMediaLevel?: number;
}

export interface SipChannel extends CallChannel {
  readonly activeCalls: number;
}

/** Loudness of a frame: the mean absolute sample (G.711 silence decodes to ±8). */
function level(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i += 1) sum += Math.abs(frame[i]!);
  return frame.length === 0 ? 0 : sum / frame.length;
}

export function createSipChannel(deps: SipChannelDeps): SipChannel {
  const prepared = new Map<string, Promise<{ key: string }>>();
  let activeCalls = 0;

  const scriptOf = (request: DialRequest) => (request.scriptVersionId ? prepared.get(request.scriptVersionId) : undefined);

  async function dialWithLine(request: DialRequest, media: MediaSession, release: () => void): Promise<DialResult> {
    const script = await scriptOf(request);
    const earlyHeard = { loud: false, stream: deps.recogniser?.createStream() ?? null };
    const stopEarly = media.onAudio((frame) => {
      if (level(frame) > (deps.earlyMediaLevel ?? 200)) earlyHeard.loud = true;
      earlyHeard.stream?.accept(frame);
    });
    const sessionId = String(randomInt(1, 2 ** 47));
    const invite = deps.agent.invite({
      to: request.phone, ringTimeoutMs: deps.ringTimeoutMs,
      sdpOffer: buildSdpOffer({ address: deps.mediaHost, port: media.localPort, sessionId }),
    });
    const result = await invite.result;
    stopEarly();
    if (result.kind !== 'answered') {
      const announcement = earlyHeard.loud && earlyHeard.stream ? classifyAnnouncement(await earlyHeard.stream.finish().catch(() => '')) : null;
      earlyHeard.stream?.close();
      if (result.kind === 'failed') return { outcome: earlyHeard.loud ? outcomeAfterEarlyMedia(result.status, announcement) : outcomeOfStatus(result.status) };
      return { outcome: result.kind === 'transport_timeout' ? 'unreachable' : 'no_answer' };
    }
    earlyHeard.stream?.close();
    let answer;
    try {
      answer = parseSdpAnswer(result.sdpAnswer);
    } catch {
      // An answer we cannot talk to (no G.711): end the call rather than sit in silence.
      await result.dialog.bye().catch(() => undefined);
      return { outcome: 'unknown' };
    }
    media.start({ host: answer.address, port: answer.port }, answer.codec, answer.telephoneEventPt);
    const key = script?.key ?? 'unprepared';
    const renderer = {
      render: (text: string, o: { variables?: Readonly<Record<string, string>>; recording?: string }) =>
        deps.prompts.renderSegments(text, {
          scriptKey: key, version: request.scriptVersionId ?? 'none', ...(o.variables ? { variables: o.variables } : {}),
          ...(o.recording && deps.recordingsDir ? { recording: path.join(deps.recordingsDir, path.basename(o.recording)) } : {}),
        }),
    };
    return { outcome: 'connected', session: new SipCallSession(result.dialog, media, renderer, deps.recogniser, release) };
  }

  return {
    name: 'sip',
    lines: deps.maxCalls,
    get activeCalls() { return activeCalls; },

    prepare(script: Script, scriptVersionId: string) {
      const known = prepared.get(scriptVersionId);
      if (known) return known.then(() => undefined);
      const ready = deps.prompts.prepareScript({ key: script.key, version: scriptVersionId, texts: [...scriptTexts(script), ...Object.values(KEYPAD_INSTRUCTIONS)] })
        .then(() => ({ key: script.key }));
      // A failed rendering (espeak-ng missing) is tried again at the next tick.
      ready.catch(() => prepared.delete(scriptVersionId));
      prepared.set(scriptVersionId, ready);
      return ready.then(() => undefined);
    },

    async dial(request) {
      const free = await deps.lines.acquire();
      activeCalls += 1;
      let handedOver = false;
      let media: MediaSession | undefined;
      const release = () => { activeCalls -= 1; free(); };
      try {
        media = await openMediaSession({ bindHost: deps.mediaHost, clock: deps.clock, ...(deps.rtpPorts ? { ports: deps.rtpPorts } : {}) });
        const result = await dialWithLine(request, media, release);
        // An answered call frees its line when the session closes (hang-up either way).
        handedOver = result.outcome === 'connected';
        return result;
      } finally {
        if (!handedOver) {
          await media?.close().catch(() => undefined);
          release();
        }
      }
    },
  };
}
