/**
 * Starts the installation's phone channel from its telephony settings: the SIP user agent on the
 * configured address (another server process of the same installation already holding the port
 * takes a free one: a digest-authenticated trunk accepts any Contact), the shared RTP clock, the
 * prompt cache, the recogniser when a model is configured, and the trunk's lines.
 */
import type { TelephonyConfig } from '../telephony/config.ts';
import { MediaClock } from '../telephony/rtp/media-clock.ts';
import { PromptCache } from '../telephony/prompts/prompt-cache.ts';
import { startSipUserAgent, type SipUserAgent } from '../telephony/sip/user-agent.ts';
import { speechRecogniserFromEnv } from '../telephony/speech/sherpa.ts';
import { createTrunkLines } from '../telephony/trunk-lines.ts';
import { createSipChannel, type SipChannel } from './sip.ts';

export interface RunningSipChannel extends SipChannel {
  /** Closes the user agent and the clock; calls should have been drained first. */
  close(): Promise<void>;
  readonly localAddress: { host: string; port: number };
}

async function startAgent(config: TelephonyConfig): Promise<SipUserAgent> {
  const options = { bindHost: config.bindHost, trunk: config.trunk, userAgentName: 'fangyi' };
  try {
    return await startSipUserAgent({ ...options, bindPort: config.bindPort });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startSipUserAgent({ ...options, bindPort: 0 });
  }
}

export async function startSipChannel(config: TelephonyConfig): Promise<RunningSipChannel> {
  // FANGYI_ASR_MODEL_DIR (and its kind and threads): without a model, answers are keyed in.
  const recogniser = config.asrModelDir ? await speechRecogniserFromEnv() : null;
  const agent = await startAgent(config);
  const clock = new MediaClock();
  const prompts = new PromptCache({ dir: config.promptCacheDir });
  const channel = createSipChannel({
    agent, clock, prompts, recogniser, lines: createTrunkLines(config), maxCalls: config.maxCalls, mediaHost: config.mediaHost,
    rtpPorts: config.rtpPorts, ringTimeoutMs: config.ringTimeoutMs, recordingsDir: config.recordingsDir,
  });
  return Object.assign(channel, {
    localAddress: agent.localAddress,
    async close() {
      await agent.close();
      clock.close();
    },
  });
}

