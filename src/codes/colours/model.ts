/**
 * Colour status, pure: from one evaluation of the rules to the person's status and, when the
 * colour or its reasons changed, the colour event that records it. Reasons are kept as the
 * engine explains them (zh + en), with their times as ISO text so they survive JSON storage.
 */
export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

/** A reason in plain words, as stored and shown to the resident (times as ISO text). */
export interface ColourReason {
  ruleId: string | null;
  ruleVersion: string | null;
  reasonCode: string;
  colour: Colour;
  since: string | null;
  until: string | null;
  /** The earliest the colour can end when normal daily check-ins are also needed. */
  earliestReleaseAt: string | null;
  /** What releases this colour, in plain words; null when nothing does by itself (the cause persists). */
  release: LocalizedText | null;
  /** A manual decision (by an office) rather than a rule. */
  manual: boolean;
  text: LocalizedText;
}

export interface CodeStatus {
  personId: string;
  colour: Colour;
  since: Date;
  until: Date | null;
  ruleSetRef: string;
  reasons: ColourReason[];
  nextReviewAt: Date | null;
  evaluatedAt: Date;
}

/** Who caused the change: the system (rules, the review job) or an account (manual decisions, later). */
export type ColourActor = { kind: 'system' } | { kind: 'account'; accountId: string };

export interface ColourEvent {
  personId: string;
  fromColour: Colour | null;
  toColour: Colour;
  reasonCode: string;
  ruleId: string | null;
  ruleVersion: string | null;
  ruleSetRef: string;
  evidenceRef: string | null;
  actor: ColourActor;
  at: Date;
}

/** What the rules engine answered, reduced to what this capability stores. */
export interface Evaluated {
  colour: Colour;
  reasons: ColourReason[];
  nextReviewAt: Date | null;
}

/** Shown when the rules found nothing to explain (green without a reason of its own). */
export const NO_RISK_REASON: ColourReason = {
  ruleId: null, ruleVersion: null, reasonCode: 'no_risk', colour: 'green', since: null, until: null, earliestReleaseAt: null, release: null, manual: false,
  text: {
    zh: '根据您的申报，未发现发热等症状、风险地区旅居史或病例接触史。',
    en: 'Your declarations show no symptoms such as fever, no stay in a risk area and no contact with cases.',
  },
};

/** The review job never comes back sooner than this, even if a rule asks for it (no busy loop). */
export const MIN_REVIEW_DELAY_MS = 60_000;

function reasonKey(reasons: readonly ColourReason[]): string {
  return reasons.map((r) => `${r.ruleId ?? ''}@${r.ruleVersion ?? ''}:${r.reasonCode}:${r.colour}`).sort().join('|');
}

export interface Decision {
  status: CodeStatus;
  /** Present when the colour or the reasons changed (or the person had no status yet). */
  event: ColourEvent | undefined;
}

/**
 * The new status: `since` stays when the colour stays; otherwise it is when the deciding reason
 * began (or now). `until` is the deciding reason's end. An event is written when the colour or
 * the set of reasons changed.
 */
export function decideStatus(
  previous: CodeStatus | undefined,
  evaluated: Evaluated,
  context: { personId: string; at: Date; ruleSetRef: string; evidenceRef: string | null; actor: ColourActor },
): Decision {
  const reasons = evaluated.reasons.length > 0 ? evaluated.reasons : [NO_RISK_REASON];
  const deciding = reasons.find((r) => r.colour === evaluated.colour) ?? reasons[0]!;
  const sameColour = previous?.colour === evaluated.colour;
  const since = sameColour ? previous!.since : deciding.since ? new Date(deciding.since) : context.at;
  const minReview = context.at.getTime() + MIN_REVIEW_DELAY_MS;
  const nextReviewAt = evaluated.nextReviewAt ? new Date(Math.max(evaluated.nextReviewAt.getTime(), minReview)) : null;
  const status: CodeStatus = {
    personId: context.personId, colour: evaluated.colour, since, until: deciding.until ? new Date(deciding.until) : null,
    ruleSetRef: context.ruleSetRef, reasons, nextReviewAt, evaluatedAt: context.at,
  };
  const changed = !previous || !sameColour || reasonKey(previous.reasons) !== reasonKey(reasons);
  const event: ColourEvent | undefined = changed ? {
    personId: context.personId, fromColour: previous?.colour ?? null, toColour: evaluated.colour, reasonCode: deciding.reasonCode,
    ruleId: deciding.ruleId, ruleVersion: deciding.ruleVersion, ruleSetRef: context.ruleSetRef, evidenceRef: context.evidenceRef,
    actor: context.actor, at: context.at,
  } : undefined;
  return { status, event };
}

/** "What releases it" in plain words, from the rule's release condition. */
export function releaseWords(release: { days: number; consecutiveNormalCheckins: number } | null, until: string | null): LocalizedText | null {
  if (release && release.consecutiveNormalCheckins > 0) {
    return {
      zh: `满 ${release.days} 天且连续 ${release.consecutiveNormalCheckins} 天健康打卡正常后转为绿码`,
      en: `Turns green after ${release.days} days with ${release.consecutiveNormalCheckins} consecutive normal daily check-ins`,
    };
  }
  if (release) return { zh: `满 ${release.days} 天后自动解除`, en: `Released automatically after ${release.days} days` };
  if (until) return { zh: '到期后自动解除', en: 'Released automatically when it ends' };
  return null;
}

/** The district a home region belongs to (simulation reports count by district). */
export function districtOf(homeRegionCode: string): string {
  return homeRegionCode.slice(0, 6);
}
