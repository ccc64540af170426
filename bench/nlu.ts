/**
 * `npm run bench -- nlu`: answer understanding (智能外呼 · 语义理解) over the team's labelled set
 * (data/nlu/labelled.tsv) and the public dev set (data/nlu/dev.tsv), with the default risk areas
 * (420000 湖北省, as in `fangyi nlu`). An utterance is correct when the intent matches and the slots
 * are exactly equal (temperature within 0.05 °C). Also: accuracy of each part of the set ("part 1"
 * was written before the implementation), the cost of one call on one core (the set understood
 * BENCH_ROUNDS times, default 200, after a warm-up), the one-off cost of building the place-name index,
 * and the baseline measured in the same run — a naive keyword matcher (first Arabic number; 没/不 → no,
 * 有/是/嗯/对 → yes) scored on the same set. BENCH_NLU_FAILURES=1 lists the utterances it gets wrong.
 * Last line: {"bench":"nlu","accuracy":…,"utterances":…,"per_question":{…},"dev_accuracy":…,"us_per_utterance":…,"baseline":…}.
 */
const places = await import('../src/callbot/nlu/places.ts');
const indexStart = performance.now();
const placeNames = places.placeNameCount(); // builds the index (first use)
const placeIndexMs = performance.now() - indexStart;

const { understand } = await import('../src/callbot/nlu/understand.ts');
const { baselineUnderstand, DEFAULT_RISK_REGION_CODES, scoreUnderstanding } = await import('../src/callbot/nlu/evaluate.ts');
const { loadDevSet, loadLabelledSet } = await import('../src/callbot/nlu/labelled-files.ts');
const { benchSetting, report } = await import('./support.ts');

const context = { riskRegionCodes: DEFAULT_RISK_REGION_CODES };
const items = loadLabelledSet();
const dev = loadDevSet();

const score = scoreUnderstanding(understand, items, context);
const devScore = scoreUnderstanding(understand, dev, context);
const baseline = scoreUnderstanding(baselineUnderstand, items, context);
const parts = [...new Set(items.map((i) => i.part))].sort();
const perPart = Object.fromEntries(parts.map((part) => [`part_${part}`, scoreUnderstanding(understand, items.filter((i) => i.part === part), context).accuracy]));

if (process.env.BENCH_NLU_FAILURES === '1') {
  for (const f of [...score.failures, ...devScore.failures]) console.error(`line ${f.line} [${f.question}] ${f.utterance}: expected ${f.expected}, got ${f.actual}`);
}

// Speed: the whole set, many rounds, on this one thread.
const rounds = benchSetting('BENCH_ROUNDS', 200);
let sink = 0;
for (let r = 0; r < 20; r++) for (const item of items) sink += Object.keys(understand(item.question, item.utterance, context).slots).length;
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const item of items) sink += Object.keys(understand(item.question, item.utterance, context).slots).length;
const elapsedNs = Number(process.hrtime.bigint() - start);
const usPerUtterance = elapsedNs / 1000 / (rounds * items.length);
if (sink < 0) console.error(sink);

console.error(`${score.correct}/${score.utterances} correct; dev ${devScore.correct}/${devScore.utterances}; baseline ${baseline.correct}/${baseline.utterances}; ${placeNames} place names indexed in ${placeIndexMs.toFixed(1)} ms (first use)`);

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
report({
  bench: 'nlu',
  accuracy: score.accuracy,
  utterances: score.utterances,
  per_question: Object.fromEntries(Object.entries(score.perQuestion).map(([q, b]) => [q, { n: b!.n, accuracy: b!.accuracy }])),
  per_part: perPart,
  dev_accuracy: devScore.accuracy,
  dev_utterances: devScore.utterances,
  us_per_utterance: round(usPerUtterance, 2),
  utterances_per_s: Math.round(1e6 / usPerUtterance),
  place_index_ms: round(placeIndexMs, 1),
  place_names: placeNames,
  baseline: { name: 'keyword matcher (first Arabic number; 没/不 → no, 有/是/嗯/对 → yes)', accuracy: baseline.accuracy, dev_accuracy: scoreUnderstanding(baselineUnderstand, dev, context).accuracy },
});
