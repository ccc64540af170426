/**
 * What the robot runs with in a server process: the answer understanding (helper A), the channel
 * each campaign dials through ('simulated': the simulated callees; 'sip': the installation's
 * phone trunk, when configured; 'chat': none — a person opens the link), and the dialer's "kick" (set by the job runner, so starting a campaign dials
 * at once instead of at the next minute).
 */
import type { CallChannel } from '../channels/channel.ts';
import { createPersonaChannel } from '../channels/simulated.ts';
import { loadLabelledUtterances, verifiedUtterances } from '../channels/simulated-utterances.ts';
import type { Understand } from '../nlu/model.ts';
import { understand } from '../nlu/understand.ts';
import type { CampaignChannel } from './model.ts';

export interface CallbotRuntime {
  understand: Understand;
  channelFor(name: CampaignChannel): CallChannel | undefined;
  kickDialer(): void;
}

const kicks = new WeakMap<object, () => void>();
const simulatedChannels = new WeakMap<object, CallChannel>();
const phoneChannels = new WeakMap<object, CallChannel>();

/** The job runner registers how to kick the dialer of this platform. */
export function setDialerKick(platform: object, kick: () => void): void {
  kicks.set(platform, kick);
}

/** Tests and the demo may give the platform its simulated channel (seeded); otherwise 'simulated' campaigns use the default one. */
export function setSimulatedChannel(platform: object, channel: CallChannel): void {
  simulatedChannels.set(platform, channel);
}

/** The phone channel of this process (the SIP trunk), when the installation configured one. */
export function setPhoneChannel(platform: object, channel: CallChannel | undefined): void {
  if (channel) phoneChannels.set(platform, channel);
  else phoneChannels.delete(platform);
}

export function callbotRuntime(platform: object): CallbotRuntime {
  return {
    understand,
    channelFor: (name) => {
      if (name === 'simulated') return simulatedChannels.get(platform) ?? defaultSimulatedChannel();
      if (name === 'sip') return phoneChannels.get(platform);
      return undefined;
    },
    kickDialer: () => kicks.get(platform)?.(),
  };
}

let fallback: CallChannel | undefined;
/** The installation's simulated callees (demo and load tests): seeded, answering from the labelled utterance sets. */
function defaultSimulatedChannel(): CallChannel {
  fallback ??= createPersonaChannel(process.env.FANGYI_CALLBOT_SEED ?? 'fangyi', verifiedUtterances(loadLabelledUtterances(), understand));
  return fallback;
}
