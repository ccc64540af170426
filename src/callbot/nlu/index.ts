/** Answer understanding for the screening robot (智能外呼 · 语义理解): see understand.ts. */
export * from './model.ts';
export { understand } from './understand.ts';
export { baselineUnderstand, DEFAULT_RISK_REGION_CODES, formatUnderstanding, parseLabelled, sameUnderstanding, scoreUnderstanding } from './evaluate.ts';
export type { Failure, LabelledUtterance, Score } from './evaluate.ts';
