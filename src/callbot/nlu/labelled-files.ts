/**
 * The labelled sets on disk (Node only — not part of the browser-safe index): data/nlu/labelled.tsv,
 * the team's own set, and data/nlu/dev.tsv, a copy of the public development set
 * (../shared/data/nlu-dev.tsv). Used by the bench, bench/callbot.ts and the tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLabelled, type LabelledUtterance } from './evaluate.ts';

export const LABELLED_SET_PATH = fileURLToPath(new URL('../../../data/nlu/labelled.tsv', import.meta.url));
export const DEV_SET_PATH = fileURLToPath(new URL('../../../data/nlu/dev.tsv', import.meta.url));

export function loadLabelledSet(path: string = LABELLED_SET_PATH): LabelledUtterance[] {
  return parseLabelled(readFileSync(path, 'utf8'));
}

export function loadDevSet(): LabelledUtterance[] {
  return loadLabelledSet(DEV_SET_PATH);
}
