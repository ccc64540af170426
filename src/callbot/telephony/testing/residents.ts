/**
 * The SIPp residents of scenarios/residents.xml: which number does what, and which keys the
 * answering ones press. Tests of the robot assert against these constants rather than restate them.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeAnnouncementPcap } from './announcement.ts';
import { writeKeypadAnswersPcap } from './dtmf-pcap.ts';

export const RESIDENTS_SCENARIO = fileURLToPath(new URL('./scenarios/residents.xml', import.meta.url));
/** A SIPp caller that checks residents.xml without the robot (see its header for the log line). */
export const CALLER_SCENARIO = fileURLToPath(new URL('./scenarios/caller.xml', import.meta.url));

/** What each resident does, chosen by the last digit of the dialled number. */
export const NUMBER_PLAN = {
  normal: { digit: '0', sip: '180, 200 with SDP (PCMU + telephone-event 101), ACK; keys RESIDENT_ANSWERS.normal; answers the robot\'s BYE' },
  fever: { digit: '1', sip: 'as normal, keying RESIDENT_ANSWERS.fever (385# and a cough)' },
  busy: { digit: '2', sip: '486 Busy Here' },
  no_answer: { digit: '3', sip: '180 and never answers: 200 to the robot\'s CANCEL, 487 to the INVITE' },
  rejected: { digit: '4', sip: '603 Decline' },
  hangs_up: { digit: '5', sip: '180, 200, ACK; ~2.5 s later the resident sends BYE (mid-question)' },
  early_media_busy: { digit: '6', sip: '183 with SDP (PCMA), ~3 s of early media (ANNOUNCEMENT_TEXT 您拨打的电话已关机 by espeak-ng), then 486' },
  empty_number: { digit: '7', sip: '404 Not Found' },
  unreachable: { digit: '8', sip: '503 Service Unavailable' },
  unavailable: { digit: '9', sip: '180, ~1.5 s, then 480 Temporarily Unavailable' },
} as const;
export type ResidentBehaviour = keyof typeof NUMBER_PLAN;

/** The returnee-screening questions the answering residents answer, in the order asked (fever is skipped: a temperature was given). */
export const RESIDENT_QUESTIONS = ['identity', 'in_town', 'temperature', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'] as const;

/** Keypad conventions: 1 = yes, 2 = no, temperature digits ending with '#'. One entry per question of RESIDENT_QUESTIONS. */
export const RESIDENT_ANSWERS = {
  normal: ['1', '1', '365#', '2', '2', '2', '2', '2', '2'],
  fever: ['1', '1', '385#', '1', '2', '2', '2', '2', '2'],
} as const satisfies Record<'normal' | 'fever', readonly string[]>;

/**
 * When the keys are pressed: the scenario waits `leadInMs` after the ACK, then each answer's keys
 * follow `answerGapMs` after the previous answer's last key. residents.xml holds these waits
 * (a test checks they agree with residentAnswerSlots).
 */
export const RESIDENT_KEY_TIMING = { leadInMs: 1500, answerGapMs: 1200, digitMs: 160, gapMs: 240 } as const;

/** Each answer's start (from the first key) and how long the scenario waits before the next one. */
export function residentAnswerSlots(answers: readonly string[]): { startMs: number; slotMs: number }[] {
  const { digitMs, gapMs, answerGapMs } = RESIDENT_KEY_TIMING;
  let startMs = 0;
  return answers.map((answer) => {
    const slotMs = answer.length * digitMs + (answer.length - 1) * gapMs + answerGapMs;
    const slot = { startMs, slotMs };
    startMs += slotMs;
    return slot;
  });
}

/**
 * An 11-digit mobile number (the normalised form of DialRequest.phone) that reaches `behaviour`;
 * `index` (0 … 9,999,999) tells the callees of one campaign apart.
 */
export function residentNumber(behaviour: ResidentBehaviour, index = 0): string {
  if (!Number.isInteger(index) || index < 0 || index > 9_999_999) throw new RangeError(`index out of range: ${index}`);
  return `138${String(index).padStart(7, '0')}${NUMBER_PLAN[behaviour].digit}`;
}

/** The behaviour a dialled number reaches (its last digit), or null when it does not end with a digit. */
export function residentBehaviour(number: string): ResidentBehaviour | null {
  const digit = number.at(-1);
  const found = Object.entries(NUMBER_PLAN).find(([, entry]) => entry.digit === digit);
  return found ? (found[0] as ResidentBehaviour) : null;
}

/**
 * Writes the captures residents.xml replays into `dir`: normal-1.pcap … normal-9.pcap and
 * fever-1.pcap … (one per answer, played one at a time: SIPp holds a raw socket open while a
 * capture plays, and Linux hands each such socket a copy of every UDP packet to its address, so
 * short plays keep that cost off the robot's RTP), and announcement.pcap. The answers of a call
 * are one RTP stream (RFC 3550 §5.1): one SSRC, sequence numbers and timestamps that go on.
 */
export async function writeResidentPcaps(dir: string): Promise<{ announcement: 'espeak-ng' | 'debian-g711a' }> {
  const { digitMs, gapMs } = RESIDENT_KEY_TIMING;
  for (const [profile, ssrc] of [['normal', 0x46590000], ['fever', 0x46590001]] as const) {
    const answers = RESIDENT_ANSWERS[profile];
    const slots = residentAnswerSlots(answers);
    let sequence = 1000;
    for (const [index, answer] of answers.entries()) {
      const info = await writeKeypadAnswersPcap(join(dir, `${profile}-${index + 1}.pcap`), [answer], {
        digitMs, gapMs, ssrc, startSequence: sequence, startTimestamp: slots[index]!.startMs * 8, // telephone-event/8000
      });
      sequence = info.nextSequence;
    }
  }
  return { announcement: await writeAnnouncementPcap(join(dir, 'announcement.pcap')) };
}
