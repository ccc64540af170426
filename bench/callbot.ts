/**
 * `npm run bench -- callbot`: the screening robot's own ceiling on one core, no database —
 * complete dialogues of the 返乡人员摸排 template (returnee-screening) driven by runDialogue over
 * simulated callees that answer at once with utterances from the labelled sets, each playing a
 * persona of the default mix (mostly normal, some abnormal, unsure, busy, refusing or hanging up;
 * every call answered), understood by the real NLU, for BENCH_SECONDS
 * (default 10). Baseline in the same run, for half as long: the same dialogues with the
 * understanding memoised (each (question, utterance) understood once, then looked up), i.e. the
 * engine, driver and simulated channel alone — the difference is what the NLU costs per dialogue.
 * nlu_accuracy is the NLU's score over data/nlu/labelled.tsv (../src/callbot/nlu/evaluate.ts).
 * Last line: {"bench":"callbot","dialogues_per_s":…,"calls_per_hour_equiv":…,"turns_per_s":…,
 * "nlu_accuracy":…,"nlu_utterances":…,"baseline":{…}}.
 */
import { readFileSync } from 'node:fs';
import { runDialogue } from '../src/callbot/channels/driver.ts';
import { createSimulatedChannel, DEFAULT_PERSONA_MIX, personaFor } from '../src/callbot/channels/simulated.ts';
import { LABELLED_CONTEXT, loadLabelledUtterances } from '../src/callbot/channels/simulated-utterances.ts';
import { parseLabelled, scoreUnderstanding } from '../src/callbot/nlu/evaluate.ts';
import type { Understand, Understanding } from '../src/callbot/nlu/model.ts';
import { understand } from '../src/callbot/nlu/understand.ts';
import { returneeScreening } from '../src/callbot/scripts/templates/index.ts';
import { benchSetting, report } from './support.ts';

const SECONDS = benchSetting('BENCH_SECONDS', 10);
const VARIABLES = { name: '王秀英', community: '幸福里社区' };
const utterances = loadLabelledUtterances();

interface Rate { dialogues: number; turns: number; seconds: number; results: Record<string, number> }

async function dialoguesFor(seconds: number, understandWith: Understand, seed: string): Promise<Rate> {
  const mix = { ...DEFAULT_PERSONA_MIX, unreachable: 0 };
  const channel = createSimulatedChannel({ seed, utterances, persona: (phone) => personaFor(seed, phone, mix) });
  const results: Record<string, number> = {};
  let dialogues = 0;
  let turns = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    for (let batch = 0; batch < 50; batch += 1) {
      const phone = `139${String(dialogues).padStart(8, '0')}`;
      const dialled = await channel.dial({ phone, attemptId: phone });
      if (dialled.outcome !== 'connected') continue;
      const run = await runDialogue({ script: returneeScreening, variables: VARIABLES, context: LABELLED_CONTEXT, understand: understandWith, session: dialled.session, listenTimeoutMs: 6000 });
      dialogues += 1;
      turns += run.timings.turns;
      results[run.end.result] = (results[run.end.result] ?? 0) + 1;
    }
  }
  return { dialogues, turns, seconds: Number(process.hrtime.bigint() - started) / 1e9, results };
}

function memoised(inner: Understand): Understand {
  const cache = new Map<string, Understanding>();
  return (question, utterance, context) => {
    const key = `${question}\u0000${utterance}`;
    let found = cache.get(key);
    if (!found) cache.set(key, (found = inner(question, utterance, context)));
    return found;
  };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

await dialoguesFor(Math.min(1, SECONDS / 10), understand, 'warm-up');
const measured = await dialoguesFor(SECONDS, understand, 'bench');
const baseline = await dialoguesFor(SECONDS / 2, memoised(understand), 'bench');
const labelled = parseLabelled(readFileSync('data/nlu/labelled.tsv', 'utf8'));
const score = scoreUnderstanding(understand, labelled, LABELLED_CONTEXT);
const perSecond = measured.dialogues / measured.seconds;

console.error(`callbot: ${measured.dialogues} dialogues in ${round(measured.seconds)} s, results ${JSON.stringify(measured.results)}; ${utterances.length} utterances answer`);
report({
  bench: 'callbot',
  dialogues_per_s: round(perSecond),
  calls_per_hour_equiv: Math.round(perSecond * 3600),
  turns_per_s: round(measured.turns / measured.seconds),
  turns_per_dialogue: round(measured.turns / Math.max(1, measured.dialogues), 2),
  nlu_accuracy: score.accuracy,
  nlu_utterances: score.utterances,
  baseline: {
    what: 'same dialogues, understanding memoised: engine + driver + simulated callees without NLU cost',
    dialogues_per_s: round(baseline.dialogues / baseline.seconds),
    turns_per_s: round(baseline.turns / baseline.seconds),
  },
});
