/**
 * 健康码规则引擎的数据类型。The health-code rules engine's types: a person's facts, the evaluation
 * context, a rule set (rules are data, compiled once by parseRuleSet) and the evaluation it gives.
 * Pure: no I/O anywhere under src/codes/rules.
 */
export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];
/** The strongest colour wins: red > yellow > green. */
export const COLOUR_RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

export const SYMPTOM_CODES = ['fever', 'cough', 'fatigue', 'sore_throat', 'diarrhea', 'breathing', 'taste_smell', 'none'] as const;
export type SymptomCode = (typeof SYMPTOM_CODES)[number];
export const CASE_CLASSIFICATIONS = ['suspected', 'confirmed', 'asymptomatic', 'excluded', 'recovered', 'died'] as const;
export const CONTACT_KINDS = ['close', 'secondary'] as const;
export const DECLARED_CONTACTS = ['none', 'confirmed', 'suspected'] as const;
export const RISK_LEVELS = ['high', 'medium'] as const;
/** 37.3 °C and above is fever (发热). */
export const FEVER_CELSIUS = 37.3;

export interface Declaration {
  declaredAt: Date;
  temperature: number;
  /** Codes from SYMPTOM_CODES. */
  symptoms: string[];
  /** GB/T 2260 codes of the places stayed in the 14 days before declaring. */
  stayedRegionCodes: string[];
  contact: 'none' | 'confirmed' | 'suspected';
}
export interface DailyCheckin {
  /** YYYY-MM-DD, Asia/Shanghai. */
  day: string;
  normal: boolean;
}
export interface CaseStatus {
  classification: (typeof CASE_CLASSIFICATIONS)[number];
  since: Date;
}
export interface ContactLink {
  kind: 'close' | 'secondary';
  exposedAt: Date;
}
export interface ManualDecision {
  colour: Colour;
  since: Date;
  until: Date;
  office: string;
  reasonCode: string;
}
export interface FalseDeclaration {
  establishedAt: Date;
}
/**
 * A trip declaration (出行申报, src/travel). `startsAt` is when the person is in `regionCodes`
 * (destination and via regions): the trip's leave day; for a return declaration ('return') the
 * actual return day and the places really visited. Both Asia/Shanghai day starts.
 */
export interface TravelFact {
  declaredAt: Date;
  startsAt: Date;
  regionCodes: string[];
  kind: 'trip' | 'return';
}
/**
 * A monitoring plan (监测计划, src/monitoring): home observation after a return from a risk area
 * ('travel_return'), or a close contact's follow-ups after tracing ('close_contact'). It runs from `startsAt`
 * (its first day's start) to `endsAt` (the start of the day after its last day) and is 'active'
 * until it is 'completed' (its end day passed with a clean last follow-up) or 'ended' early by an
 * official; `closedAt` is when that happened. `status` is the plan's status when the facts were read.
 */
export interface MonitoringFact {
  reason: 'travel_return' | 'close_contact';
  status: 'active' | 'completed' | 'ended';
  createdAt: Date;
  startsAt: Date;
  endsAt: Date;
  closedAt: Date | null;
}
/**
 * A screening call (智能外呼筛查, src/callbot/results/facts.ts): one per completed call of the
 * screening robot to this person whose result was normal or abnormal (a call that ended unplaced —
 * 需核实 — or refused says nothing either way and is no fact). `answeredAt` is when the call was
 * answered; `reasons` the abnormal reasons heard (fever, cough, diarrhea, fatigue, breathing,
 * travel, contact; empty when normal); `temperature` in °C when one was said.
 */
export interface ScreeningFact {
  answeredAt: Date;
  abnormal: boolean;
  reasons: string[];
  temperature: number | null;
}
export const SCREENING_REASONS = ['fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'] as const;
export interface PersonFacts {
  personId: string;
  homeRegionCode: string;
  declarations: Declaration[];
  dailyCheckins: DailyCheckin[];
  cases: CaseStatus[];
  contacts: ContactLink[];
  manualDecisions: ManualDecision[];
  falseDeclarations: FalseDeclaration[];
  travel: TravelFact[];
  monitoring: MonitoringFact[];
  screenings: ScreeningFact[];
}
/** The facts a rule may read (its `reads` list). personId is never readable by rules. */
export const FACT_NAMES = ['homeRegionCode', 'declarations', 'dailyCheckins', 'cases', 'contacts', 'manualDecisions', 'falseDeclarations', 'travel', 'monitoring', 'screenings'] as const;
export type FactName = (typeof FACT_NAMES)[number];

export interface RiskArea {
  regionCode: string;
  level: 'high' | 'medium';
  /** Shown to the resident instead of the code when present, e.g. 武汉市. */
  name?: string;
}
export interface EvaluationContext {
  at: Date;
  riskAreas: RiskArea[];
}

export interface LocalizedText {
  zh: string;
  en: string;
}
export interface ReleaseCondition {
  days: number;
  consecutiveNormalCheckins: number;
}
export interface Reason {
  ruleId: string;
  ruleVersion: number;
  reasonCode: string;
  colour: Colour;
  /** When this colour (this stage of the rule) started. */
  since: Date;
  /** A fixed end (duration without check-ins, or a manual decision's window); null when check-ins decide or the cause persists. */
  until: Date | null;
  release: ReleaseCondition | null;
  /** since + release.days: the earliest the colour can end when check-ins are also needed. */
  earliestReleaseAt: Date | null;
  /** Consecutive normal daily check-ins counted so far for the release (as of the evaluation time). */
  checkinsSoFar: number;
  /** A manual decision: it decides the colour over the rules' colours. */
  overrides: boolean;
  /** True when a manual decision decides the colour instead of this reason. */
  overridden: boolean;
  /** Values shown in the text (risk area names, the deciding office, …). */
  params: Record<string, string | number>;
  /** Plain words for the resident; never another person's identity. */
  text: LocalizedText;
}
export interface Evaluation {
  colour: Colour;
  /** All rules that matched, strongest first (manual decisions first). */
  reasons: Reason[];
  /** When time alone would change the colour or its reasons (a job re-evaluates then); null if only new facts can. */
  nextReviewAt: Date | null;
}
