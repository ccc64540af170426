/**
 * `fangyi nlu --question <id> "<utterance>"`: what the screening robot understands from one answer,
 * printed as one JSON object {"intent":…,"slots":{…}}. `--risk` lists the risk areas (GB/T 2260
 * codes, comma-separated); the default is 湖北省 420000, the early-2020 setting of the labelled sets.
 */
import type { Command } from 'commander';
import { QUESTION_IDS, type QuestionId, type Understanding } from '../../callbot/nlu/model.ts';
import { understand } from '../../callbot/nlu/understand.ts';
import { DEFAULT_RISK_REGION_CODES } from '../../callbot/nlu/evaluate.ts';

/** The command's work without the process around it (tests call it directly). */
export function runNlu(question: string, utterance: string, risk?: string): Understanding {
  if (!(QUESTION_IDS as readonly string[]).includes(question)) {
    throw new Error(`unknown question "${question}"; one of: ${QUESTION_IDS.join(', ')}`);
  }
  const riskRegionCodes = risk === undefined ? DEFAULT_RISK_REGION_CODES : risk.split(',').map((c) => c.trim()).filter(Boolean);
  for (const code of riskRegionCodes) if (!/^\d{6}(\d{3})?$/.test(code)) throw new Error(`risk area "${code}" is not a GB/T 2260 code (6 or 9 digits)`);
  return understand(question as QuestionId, utterance, { riskRegionCodes });
}

export function registerNlu(program: Command): void {
  program
    .command('nlu')
    .description('外呼语义理解：理解一句回答 Understand one answer of a screening call (prints {"intent","slots"} as JSON)')
    .requiredOption('-q, --question <id>', `the question asked: ${QUESTION_IDS.join(' | ')}`)
    .option('--risk <codes>', `risk areas, comma-separated GB/T 2260 codes (default ${DEFAULT_RISK_REGION_CODES.join(',')} 湖北省)`)
    .argument('<utterance>', 'the answer as heard or typed, e.g. "三十六度五,也不咳嗽"')
    .action((utterance: string, options: { question: string; risk?: string }) => {
      console.log(JSON.stringify(runNlu(options.question, utterance, options.risk)));
    });
}
