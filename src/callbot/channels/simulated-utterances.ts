/**
 * The labelled utterances simulated callees answer with: data/nlu/labelled.tsv (the team's set)
 * and data/nlu/dev.tsv (the public development set), parsed by the NLU's own reader
 * (../nlu/evaluate.ts, the format of ../shared/data/nlu-dev.tsv).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RISK_REGION_CODES, parseLabelled, sameUnderstanding, type LabelledUtterance } from '../nlu/evaluate.ts';
import type { Understand, UnderstandingContext } from '../nlu/model.ts';

export type { LabelledUtterance };

export const UTTERANCE_FILES = ['data/nlu/labelled.tsv', 'data/nlu/dev.tsv'] as const;

/** Filler that answers nothing, used when the set has no '-' rows (the NLU places none of these). */
export const NOISE_FILLERS = ['呃……', '那个……那个……', '哎呀'] as const;

/** The risk setting the labelled sets are written against (湖北省, 2020). */
export const LABELLED_CONTEXT: UnderstandingContext = { riskRegionCodes: DEFAULT_RISK_REGION_CODES };

/** Reads the labelled files that exist under `root` (the repository by default). */
export function loadLabelledUtterances(root = process.cwd(), files: readonly string[] = UTTERANCE_FILES): LabelledUtterance[] {
  return files.flatMap((file) => {
    const full = path.resolve(root, file);
    if (!existsSync(full)) return [];
    try {
      return parseLabelled(readFileSync(full, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  });
}

/**
 * The rows `understand` gets exactly right: personas answer only with these so a test can predict
 * each call's result from the persona, whatever the understanding's remaining errors.
 */
export function verifiedUtterances(rows: readonly LabelledUtterance[], understand: Understand, context: UnderstandingContext = LABELLED_CONTEXT): LabelledUtterance[] {
  return rows.filter((row) => sameUnderstanding(understand(row.question, row.utterance, context), row.expected));
}
