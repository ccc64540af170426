/**
 * The one Database interface Kysely types every query with. Column names are camelCase here and
 * snake_case in SQL (CamelCasePlugin). Only store.ts files and migrations use these types.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RegionTable {
  code: string;
  name: string;
  fullName: string;
  level: number;
  parentCode: string | null;
}

export interface TenantTable {
  regionCode: string;
  displayName: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  createdAt: CreatedAt;
}

export interface SigningKeyTable {
  kid: string;
  regionCode: string;
  algorithm: 'Ed25519' | 'ES256' | 'SM2';
  publicKey: string;
  privateKeyEnc: string;
  createdAt: CreatedAt;
  retiredAt: NullableTimestamp;
}

export interface PersonTable {
  id: string;
  idType: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  nameEnc: string;
  nameMasked: string;
  sex: 'M' | 'F' | null;
  birthDate: ColumnType<string | null, string | null | undefined, string | null>;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  addressEnc: string | null;
  homeRegionCode: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface GuardianshipTable {
  guardianId: string;
  dependantId: string;
  relation: string;
  createdAt: CreatedAt;
}

export interface AccountTable {
  id: string;
  kind: 'resident' | 'staff';
  personId: string | null;
  username: string | null;
  displayName: string;
  passwordHash: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  otpRequired: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  failedSignIns: ColumnType<number, number | undefined, number>;
  lockedUntil: NullableTimestamp;
  createdAt: CreatedAt;
  lastSignInAt: NullableTimestamp;
}

export interface AccountRoleTable {
  accountId: string;
  role: string;
  regionCode: string;
  grantedAt: CreatedAt;
}

export interface SessionTable {
  tokenHash: string;
  accountId: string;
  csrfToken: string;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  lastSeenAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OtpChallengeTable {
  id: string;
  phoneHash: string;
  purpose: 'resident_sign_in' | 'staff_sign_in';
  codeHash: string;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  consumedAt: NullableTimestamp;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  phoneEnc: string;
  phoneMasked: string;
  body: string;
  createdAt: CreatedAt;
}

export interface RateLimitCounterTable {
  key: string;
  hits: number;
  resetsAt: Timestamp;
}

export interface AuditLogTable {
  id: number;
  at: Timestamp;
  actorAccountId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  reason: string | null;
  detail: string;
  prevHash: string;
  hash: string;
}

export interface VenueTable {
  id: string;
  regionCode: string;
  name: string;
  kind: string;
  address: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  /** Given by the insert trigger (region code + sequence) when omitted. */
  number: ColumnType<string, string | undefined, never>;
  latitude: number | null;
  longitude: number | null;
  geofenceRadiusM: number | null;
  openingHours: string | null;
  /** The kind's default when omitted (insert trigger). */
  defaultStayMinutes: ColumnType<number, number | undefined, number>;
  checkinMode: ColumnType<'confirm' | 'auto', 'confirm' | 'auto' | undefined, 'confirm' | 'auto'>;
  codeMode: ColumnType<'static' | 'daily', 'static' | 'daily' | undefined, 'static' | 'daily'>;
  status: ColumnType<'pending' | 'approved' | 'rejected' | 'suspended', 'pending' | 'approved' | undefined, 'pending' | 'approved' | 'rejected' | 'suspended'>;
  rejectReason: string | null;
  tokenVersion: ColumnType<number, number | undefined, number>;
  registeredByAccountId: string | null;
  decidedByAccountId: string | null;
  decidedAt: NullableTimestamp;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Staff bound to a venue (src/venues): its administrators and the guards at its gate. */
export interface VenueStaffTable { venueId: string; accountId: string; role: 'admin' | 'guard'; addedAt: ColumnType<Date, Date | string | undefined, Date | string>; addedByAccountId: string | null }
export interface VenueNumberCounterTable { regionCode: string; lastSequence: number }

export interface OrganisationTable {
  id: string;
  regionCode: string;
  name: string;
  kind: 'company' | 'school' | 'community' | 'government';
  /** Short code members type to join or that appears on exports (optional). */
  code: ColumnType<string | null, string | null | undefined, string | null>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
}

/** Departments, classes, buildings, teams: a tree per organisation (src/orgs). */
export interface OrganisationUnitTable {
  id: string;
  organisationId: string;
  parentId: string | null;
  name: string;
  kind: 'department' | 'class' | 'building' | 'team';
  createdAt: CreatedAt;
}

/** A person's membership of an organisation (at most one unit there). */
export interface OrganisationMemberTable {
  organisationId: string;
  personId: string;
  unitId: string | null;
  memberRole: ColumnType<'member' | 'leader' | 'teacher' | 'student', 'member' | 'leader' | 'teacher' | 'student' | undefined, 'member' | 'leader' | 'teacher' | 'student'>;
  status: ColumnType<'active' | 'left', 'active' | 'left' | undefined, 'active' | 'left'>;
  addedAt: CreatedAt;
  addedByAccountId: string | null;
}

/** Staff accounts administering an organisation (their org_admin grant says where, this says which). */
export interface OrganisationAdminTable { organisationId: string; accountId: string; addedAt: CreatedAt; addedByAccountId: string | null }

/** Daily health check-ins (健康打卡, src/orgs/daily): append-only; numeric temperature comes back as a string. */
export interface OrgDailySettingTable { organisationId: string; remindAt: string; updatedAt: ColumnType<Date, Date | string | undefined, Date | string>; updatedByAccountId: string | null }
export interface OrgDailyCheckinTable {
  id: string; organisationId: string; personId: string; day: ColumnType<string, string, never>; submittedAt: ColumnType<Date, Date, never>;
  submittedByAccountId: string; temperature: ColumnType<string, number | string, never>; symptoms: ColumnType<string[], string[], never>;
  cityCode: string; location: 'home' | 'work'; abnormal: boolean; abnormalReasons: ColumnType<string[], string[], never>; homeRegionCode: string;
}
export interface OrgDailyCorrectionTable {
  id: string; checkinId: string; organisationId: string; personId: string; day: ColumnType<string, string, never>; correctedAt: ColumnType<Date, Date, never>;
  correctedByAccountId: string; reason: string; temperature: ColumnType<string, number | string, never>; symptoms: ColumnType<string[], string[], never>;
  cityCode: string; location: 'home' | 'work'; abnormal: boolean; abnormalReasons: ColumnType<string[], string[], never>;
}
export interface OrgDailyTotalTable { organisationId: string; day: string; submitted: number; abnormal: number; countedAt: ColumnType<Date, Date | string | undefined, Date | string> }
/** Roster imports (花名册导入) and daily Excel exports run by background jobs (src/orgs/roster-imports.ts, src/orgs/daily/exports.ts; migration 0680). */
export type RosterImportPhase = 'queued' | 'validating' | 'writing' | 'done' | 'failed';
export interface OrgRosterImportTable {
  id: string; organisationId: string; regionCode: string; requestedByAccountId: string; requestedByLabel: string; dryRun: boolean; createUnits: boolean;
  fileEnc: string | null; fileSha256: string; fileBytes: number; phase: ColumnType<RosterImportPhase, RosterImportPhase | undefined, RosterImportPhase>;
  processed: ColumnType<number, number | undefined, number>; total: number | null; report: unknown | null; error: unknown | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}
export interface OrgDailyExportTable {
  id: string; organisationId: string; regionCode: string; requestedByAccountId: string; day: string; unitId: string | null; statistics: unknown;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  processed: ColumnType<number, number | undefined, number>; total: number; rowCount: number | null; file: Buffer | null; error: string | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}
export interface OrgDailyReminderTable { organisationId: string; personId: string; day: string; sentAt: Date; channel: string }

/** Notices (疫情通知, src/notices): the notice, one row per recipient person (read receipt, 收到), DING re-notifications. */
export interface NoticeTable {
  id: string;
  audienceKind: 'region' | 'organisation' | 'persons';
  regionCode: string;
  targetRegionCodes: ColumnType<string[], string[] | undefined, string[]>;
  organisationId: string | null;
  unitIds: string[] | null;
  title: string;
  body: string;
  link: string | null;
  askConfirm: boolean;
  /** Null for a system notice (kind other than 'staff'), sent on an organisation's behalf. */
  senderAccountId: string | null;
  senderLabel: string;
  kind: ColumnType<'staff' | 'daily_reminder', 'staff' | 'daily_reminder' | undefined, never>;
  /** The Asia/Shanghai day a system notice is for (one per organisation, kind and day); null for staff notices. */
  day: ColumnType<string | null, string | null | undefined, never>;
  /** An in-app action: a relative /m/ path (migration 0660). */
  actionLink: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<'fanning_out' | 'published', 'fanning_out' | 'published' | undefined, 'fanning_out' | 'published'>;
  fanOutCursor: string | null;
  recipientCount: ColumnType<number, number | undefined, number>;
  createdAt: Timestamp;
  publishedAt: NullableTimestamp;
}
export interface NoticeRecipientTable { noticeId: string; personId: string; noticeCreatedAt: Timestamp; readAt: NullableTimestamp; confirmedAt: NullableTimestamp; lastDingedAt: NullableTimestamp }
export interface NoticeDingTable { id: string; noticeId: string; accountId: string; createdAt: Timestamp; status: ColumnType<'sending' | 'done', 'sending' | 'done' | undefined, 'sending' | 'done'>; cursor: string | null; sent: ColumnType<number, number | undefined, number> }

/** Health declarations (健康申报): append-only; numeric temperature comes back from pg as a string. */
export interface HealthDeclarationTable {
  id: string;
  personId: string;
  declaredByAccountId: string | null;
  declaredAt: Timestamp;
  regionCode: string;
  addressEnc: string;
  phoneEnc: string | null;
  phoneMasked: string | null;
  temperature: ColumnType<string, number | string, never>;
  symptoms: string[];
  stayedRegionCodes: string[];
  contact: 'none' | 'confirmed' | 'suspected';
  pledge: boolean;
}

export interface CodeStatusTable {
  personId: string;
  subjectId: ColumnType<Buffer, Buffer, never>;
  colour: 'green' | 'yellow' | 'red';
  since: Timestamp;
  until: NullableTimestamp;
  ruleSetRef: string;
  reasons: ColumnType<unknown, string, string>;
  nextReviewAt: NullableTimestamp;
  evaluatedAt: Timestamp;
}

export interface ColourEventTable {
  id: Generated<number>;
  personId: string;
  fromColour: 'green' | 'yellow' | 'red' | null;
  toColour: 'green' | 'yellow' | 'red';
  reasonCode: string;
  ruleId: string | null;
  ruleVersion: string | null;
  ruleSetRef: string;
  evidenceRef: string | null;
  actorKind: 'system' | 'account';
  actorAccountId: string | null;
  at: Timestamp;
}

export interface CodeFactsChangedTable {
  id: Generated<number>;
  personId: string;
  source: string;
  sourceRef: string | null;
  changedAt: Timestamp;
  processedAt: NullableTimestamp;
}

export interface CodeRuleSetTable {
  regionCode: string;
  version: number;
  ruleSetId: string;
  body: ColumnType<unknown, string, string>;
  status: 'proposed' | 'published' | 'superseded';
  proposedByAccountId: string | null;
  proposedAt: Timestamp;
  publishedByAccountId: string | null;
  publishedAt: NullableTimestamp;
}

export interface CodeRiskAreaTable {
  managingRegionCode: string;
  regionCode: string;
  level: 'high' | 'medium';
  updatedAt: Timestamp;
}

/** This installation's key for signing its trust list (private half encrypted). */
export interface InstallationKeyTable {
  fingerprint: string;
  algorithm: 'Ed25519';
  publicKey: string;
  privateKeyEnc: string;
  createdAt: CreatedAt;
  retiredAt: NullableTimestamp;
}

/** Revoked health-code tokens (printed codes), published with the trust list until they expire. */
export interface TokenRevocationTable {
  regionCode: string;
  tokenId: string;
  expiresAt: Timestamp;
  reason: string;
  revokedBy: string;
  revokedAt: CreatedAt;
}

/** Trust lists of other installations (互认), stored whole with the key trusted on first import. */
export interface ImportedTrustListTable {
  source: string;
  fingerprint: string;
  publicKey: string;
  list: ColumnType<unknown, string, string>;
  generatedAt: Timestamp;
  validUntil: Timestamp;
  firstImportedAt: CreatedAt;
  importedAt: Timestamp;
}

/** Printed codes (关爱码), src/codes/printed. */
export interface PrintedCodeTable { id: string; personId: string; regionCode: string; tokenId: string; tokenEnc: string; issuedAt: Timestamp; expiresAt: Timestamp; issuedByAccountId: string | null; issuedBy: string; issuingOffice: string; revokedAt: NullableTimestamp; revokedBy: string | null }

/** Four-eyes manual decisions, requests from other regions, appeals (纠错): src/codes/overrides, src/codes/appeals. */
export interface CodeOverrideProposalTable { id: string; kind: 'decide' | 'revoke' | 'false_declaration'; personId: string; regionCode: string; colour: 'green' | 'yellow' | 'red' | null; validDays: number | null; decisionId: string | null; declarationId: string | null; reasonEnc: string; legalBasis: string; office: string; proposedBy: string; proposedAt: Timestamp; expiresAt: Timestamp; status: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | undefined, 'approved' | 'rejected'>; decidedBy: string | null; decidedAt: NullableTimestamp; rejectReasonEnc: string | null; effectiveFrom: NullableTimestamp; effectiveUntil: NullableTimestamp; revokedAt: NullableTimestamp }
export interface CodeOverrideRequestTable { id: string; personId: string; regionCode: string; fromRegionCode: string; requestedBy: string; requestedAt: Timestamp; reasonEnc: string }
export interface CodeAppealTable { id: string; personId: string; regionCode: string; filedBy: string; filedAt: Timestamp; deadlineAt: Timestamp; messageEnc: string; status: ColumnType<'open' | 'answered', 'open' | undefined, 'answered'>; ownerAccountId: string | null; assignedAt: NullableTimestamp; answerEnc: string | null; outcome: 'upheld' | 'corrected' | null; correctionRef: string | null; answeredBy: string | null; answeredAt: NullableTimestamp }

/** Check-ins (src/checkins): partitioned by day and retention; id from checkin_id_seq (bigint, read as a number). */
export interface CheckinTable {
  id: number;
  personId: string;
  venueId: string;
  regionCode: string;
  venueName: string;
  nameMasked: string;
  checkedInAt: Timestamp;
  leaveAt: Timestamp;
  leftExplicitly: ColumnType<boolean, boolean | undefined, boolean>;
  colour: 'green' | 'yellow' | 'red' | null;
  method: 'scan' | 'guard_code' | 'guard_printed' | 'guard_id';
  recordedByAccountId: string | null;
  geofenceFar: ColumnType<boolean, boolean | undefined, boolean>;
  distanceM: number | null;
  retentionDays: number;
}
/** Idempotency keys of check-in requests with the answer given (kept 24 h). */
/** `response`: the stored answer as JSON text (replayed, never queried). */
export interface CheckinRequestTable { accountId: string; key: string; requestHash: string; response: string | null; createdAt: Timestamp }
/** One row per (day, region, shard): each connection adds to its own shard; readers sum them. */
export interface CheckinDailyVolumeTable { day: ColumnType<string, string, string>; regionCode: string; shard: ColumnType<number, number | undefined, number>; checkins: number }
export interface CheckinExportTable { id: string; venueId: string; regionCode: string; requestedByAccountId: string; windowFrom: Timestamp; windowTo: Timestamp; status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'done' | 'failed'>; rowCount: number | null; file: Buffer | null; error: string | null; createdAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp }

/** Travel declarations (出行申报) and return declarations (返程申报), src/travel. */
export interface TravelDeclarationTable {
  id: string; personId: string; declaredByAccountId: string; declaredAt: ColumnType<Date, Date, never>; homeRegionCode: string;
  fromRegionCode: string; toRegionCode: string; viaRegionCodes: ColumnType<string[], string[], never>;
  leaveOn: ColumnType<string, string, never>; returnOn: ColumnType<string, string, never>;
  transport: 'train' | 'flight' | 'coach' | 'car' | 'ship' | 'other'; transportNumber: string | null; purpose: string;
  riskRegionCodes: ColumnType<string[], string[], never>;
  status: ColumnType<'planned' | 'returned' | 'cancelled', 'planned' | undefined, 'returned' | 'cancelled'>; cancelledAt: NullableTimestamp;
}
export interface TravelReturnTable {
  travelId: string; personId: string; declaredByAccountId: string; declaredAt: ColumnType<Date, Date, never>; homeRegionCode: string;
  returnedOn: ColumnType<string, string, never>; visitedRegionCodes: ColumnType<string[], string[], never>; health: 'well' | 'fever' | 'symptoms';
  observationRequired: boolean; observationRegionCodes: ColumnType<string[], string[], never>; observationUntil: ColumnType<string | null, string | null, never>;
}
/** Monitoring plans (监测计划) and follow-ups (随访), src/monitoring. */
export interface MonitoringPlanTable {
  id: string; personId: string; reason: 'travel_return' | 'close_contact'; sourceRef: string; regionCode: string;
  startOn: ColumnType<string, string, never>; endOn: ColumnType<string, string, never>; followUpFrom: ColumnType<string, string, never>;
  assignedAccountId: string | null; status: ColumnType<'active' | 'completed' | 'ended', 'active' | undefined, 'completed' | 'ended'>;
  createdAt: ColumnType<Date, Date, never>; closedAt: NullableTimestamp; closedByAccountId: string | null; endReason: string | null;
}
export interface MonitoringFollowUpTable {
  id: string; planId: string; day: ColumnType<string, string, never>; recordedAt: ColumnType<Date, Date, never>; recordedByAccountId: string;
  reached: boolean; temperature: ColumnType<string | null, number | null, never>; symptoms: ColumnType<string[], string[], never>; note: string | null;
}
export interface MonitoringAssignmentCursorTable { regionCode: string; lastAccountId: string | null }
/** Return to work (复工复产), src/orgs/resumption. */
export interface OrgResumptionApplicationTable {
  id: string; organisationId: string; regionCode: string; status: 'draft' | 'submitted' | 'approved' | 'returned' | 'resubmitted';
  headcount: number; returningCount: number; measures: string; masks: number; disinfectantLitres: number;
  contactNameEnc: string; contactNameMasked: string; contactPhoneEnc: string; contactPhoneMasked: string;
  createdByAccountId: string; createdAt: Timestamp; updatedAt: Timestamp; submittedAt: NullableTimestamp; decidedAt: NullableTimestamp;
  decidedByAccountId: string | null; decisionComment: string | null;
}
export interface OrgResumptionEventTable { id: Generated<number>; applicationId: string; at: Timestamp; actorAccountId: string; actorLabel: string; fromStatus: string | null; toStatus: string; comment: string | null }
export interface OrgReturnDeclarationTable {
  id: string; organisationId: string; personId: string; declaredByAccountId: string; declaredAt: Timestamp; originRegionCode: string;
  quarantine: 'none' | 'home_observation' | 'centralised' | 'finished'; plannedOn: string; status: 'pending' | 'approved' | 'waiting';
  approvedOn: string | null; hrComment: string | null; decidedByAccountId: string | null; decidedAt: NullableTimestamp;
}

/** Screening-call robot (智能外呼), src/callbot: scripts, campaigns, callees, attempts, do-not-call list. jsonb columns are written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
export type CallbotChannelName = 'chat' | 'simulated' | 'sip';
export type CallbotCampaignStatus = 'draft' | 'running' | 'paused' | 'stopped' | 'completed';
export type CallbotCalleeStatus = 'pending' | 'dialling' | 'done' | 'cancelled';
export type CallbotResult = 'normal' | 'abnormal' | 'needs_checking' | 'not_reached' | 'refused';
export type CallbotDialOutcome = 'connected' | 'busy' | 'no_answer' | 'rejected' | 'powered_off' | 'suspended' | 'empty_number' | 'unreachable' | 'unknown';
export interface CallbotScriptTable {
  id: string; key: string; version: number; name: string; definition: Json<unknown>; regionCode: string;
  createdByAccountId: string | null; createdAt: ColumnType<Date, Date, never>;
}
export interface CallbotCampaignTable {
  id: string; name: string; regionCode: string; scriptId: string; channel: CallbotChannelName;
  status: ColumnType<CallbotCampaignStatus, CallbotCampaignStatus | undefined, CallbotCampaignStatus>;
  windows: Json<{ start: string; end: string }[]>; attemptsPerDay: number; retryIntervalMinutes: number; endsOn: string;
  variables: JsonDefault<Record<string, string>>; createdByAccountId: string; createdAt: ColumnType<Date, Date, never>;
  startedAt: NullableTimestamp; pausedAt: NullableTimestamp; stoppedAt: NullableTimestamp; completedAt: NullableTimestamp;
}
export interface CallbotCalleeTable {
  id: string; campaignId: string; seq: ColumnType<number, never, never>; nameEnc: string; phoneEnc: string; addressEnc: string | null;
  phoneIndex: string; maskedName: string; maskedPhone: string; tags: ColumnType<string[], string[] | undefined, string[]>;
  personId: string | null; regionCode: string; source: 'import' | 'close_contacts' | 'risk_returnees';
  status: ColumnType<CallbotCalleeStatus, CallbotCalleeStatus | undefined, CallbotCalleeStatus>; result: CallbotResult | null;
  reasons: ColumnType<string[], string[] | undefined, string[]>; slots: JsonDefault<Record<string, unknown>>;
  unresolved: ColumnType<string[], string[] | undefined, string[]>;
  attempts: ColumnType<number, number | undefined, number>; attemptsToday: ColumnType<number, number | undefined, number>;
  attemptsDay: string | null; nextAttemptAt: NullableTimestamp; diallingSince: NullableTimestamp; lastOutcome: CallbotDialOutcome | null;
  createdAt: ColumnType<Date, Date, never>; completedAt: NullableTimestamp;
}
export interface CallbotAttemptTable {
  id: string; campaignId: string; calleeId: string; channel: CallbotChannelName; startedAt: ColumnType<Date, Date, never>;
  answeredAt: NullableTimestamp; endedAt: NullableTimestamp; outcome: CallbotDialOutcome | null;
  transcript: JsonDefault<unknown[]>; slots: JsonDefault<Record<string, unknown>>; result: CallbotResult | null;
  reasons: ColumnType<string[], string[] | undefined, string[]>; unresolved: ColumnType<string[], string[] | undefined, string[]>;
  intent: string | null; retry: ColumnType<boolean, boolean | undefined, boolean>;
  chatTokenHash: Buffer | null; chatExpiresAt: NullableTimestamp; dialogueState: ColumnType<unknown | null, string | null | undefined, string | null>;
  turn: ColumnType<number, number | undefined, number>; lastReply: ColumnType<unknown | null, string | null | undefined, string | null>;
}
/** Results of the screening robot (src/callbot/results): follow-up tasks (随访任务), screening facts, report exports. */
export interface CallbotFollowUpTaskTable {
  id: string; campaignId: string; calleeId: string; attemptId: string | null; personId: string | null; regionCode: string;
  kind: ColumnType<'follow_up' | 'home_visit', 'follow_up' | 'home_visit' | undefined, never>;
  reasons: ColumnType<string[], string[] | undefined, string[]>; temperature: ColumnType<string | null, number | null, never>;
  status: ColumnType<'open' | 'done', 'open' | undefined, 'done'>; assignedAccountId: string | null; createdAt: ColumnType<Date, Date, never>;
  doneAt: NullableTimestamp; doneByAccountId: string | null; note: string | null;
}
export interface CallbotScreeningTable {
  attemptId: string; personId: string; campaignId: string; calleeId: string; answeredAt: ColumnType<Date, Date, never>; abnormal: boolean;
  reasons: ColumnType<string[], string[] | undefined, never>; temperature: ColumnType<string | null, number | null, never>; recordedAt: ColumnType<Date, Date, never>;
}
export interface CallbotReportExportTable {
  id: string; campaignId: string; regionCode: string; requestedByAccountId: string;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  processed: ColumnType<number, number | undefined, number>; total: number; rowCount: number | null; file: Buffer | null; error: string | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}
export interface CallbotDncTable {
  phoneIndex: string; maskedPhone: string; regionCode: string; source: 'callee' | 'staff' | 'import';
  addedAt: ColumnType<Date, Date, never>; addedByAccountId: string | null;
}

/** Contact tracing (流调), src/tracing; households (同住人员), src/people. */
export interface HouseholdMemberTable { personId: string; householdId: string; addedAt: ColumnType<Date, Date | undefined, Date> }
export type CaseClassification = 'suspected' | 'confirmed' | 'asymptomatic' | 'excluded' | 'recovered' | 'died';
export type CaseSource = 'fever_clinic' | 'lab' | 'screening_call' | 'self_report' | 'other_region';
export interface CaseTable {
  id: string; personId: string; regionCode: string; classification: CaseClassification;
  onsetOn: ColumnType<string | null, string | null | undefined, string | null>; onsetApproximate: ColumnType<boolean, boolean | undefined, boolean>;
  testedPositiveOn: ColumnType<string | null, string | null | undefined, string | null>; isolatedAt: NullableTimestamp;
  reportedOn: ColumnType<string, string, string>; source: CaseSource; issuingRegionCode: string | null; externalRef: string | null; notesEnc: string | null;
  createdAt: ColumnType<Date, Date, never>; createdByAccountId: string | null; updatedAt: Timestamp;
  traceRequestedAt: NullableTimestamp; tracedAt: NullableTimestamp; traceWindowFrom: NullableTimestamp; traceWindowTo: NullableTimestamp;
  closeContacts: ColumnType<number, number | undefined, number>; secondaryContacts: ColumnType<number, number | undefined, number>;
  traceFailures: ColumnType<number, number | undefined, number>; traceFailedAt: NullableTimestamp;
}
export interface CaseEventTable {
  id: Generated<number>; caseId: string; at: Timestamp; kind: 'registered' | 'classified' | 'window_changed' | 'imported';
  fromClassification: string | null; toClassification: string | null; actorAccountId: string | null; actorLabel: string;
  detail: JsonDefault<Record<string, unknown>>;
}
export interface ContactLinkTable {
  id: Generated<number>; caseId: string; personId: string; sourcePersonId: string; depth: number; kind: 'venue' | 'household' | 'family';
  venueId: string | null; venueKind: string | null; sourceCheckinId: ColumnType<string | null, number | string | null, never>; contactCheckinId: ColumnType<string | null, number | string | null, never>;
  overlapStart: Timestamp; overlapEnd: Timestamp; minutes: number;
}
/** Case imports (病例导入) run by a background job (src/tracing/import-service.ts; migration 0740). */
export interface CaseImportTable {
  id: string; regionCode: string; requestedByAccountId: string; requestedByLabel: string; dryRun: boolean;
  fileEnc: string | null; fileSha256: string; fileBytes: number; phase: ColumnType<RosterImportPhase, RosterImportPhase | undefined, RosterImportPhase>;
  processed: ColumnType<number, number | undefined, number>; total: number | null; report: unknown | null; error: unknown | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}
export interface CaseContactTable {
  caseId: string; personId: string; regionCode: string; depth: number; firstExposureAt: Timestamp; lastExposureAt: Timestamp; links: number; foundAt: Timestamp;
}

/** Tracing's Excel exports (chunks of the finished file) and venue exposures with who was there (src/tracing; migration 0750). */
export type TracingExportKind = 'cases' | 'contacts' | 'exposure_persons';
export interface TracingExportTable {
  id: string; kind: TracingExportKind; filters: Json<Record<string, unknown>>; grants: Json<{ role: string; regionCode: string }[]>; regionCode: string | null;
  requestedByAccountId: string; requestedByLabel: string;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  processed: ColumnType<number, number | undefined, number>; total: number | null; rowCount: number | null;
  fileBytes: ColumnType<string | null, number | null | undefined, number | null>; errorCode: string | null; errorDetail: string | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}
export interface TracingExportChunkTable { exportId: string; seq: number; data: Buffer }
export interface VenueExposureTable {
  id: string; venueId: string; regionCode: string; fromAt: Timestamp; toAt: Timestamp; note: string | null;
  persons: ColumnType<number, number | undefined, number>; noticeId: string | null;
  createdAt: ColumnType<Date, Date, never>; createdByAccountId: string; createdByLabel: string;
}
export interface VenueExposurePersonTable { exposureId: string; personId: string; checkedInAt: Timestamp; leaveAt: Timestamp }

/** Dashboard rollups (src/analytics/rollups): deltas appended by triggers, folded into daily totals. */
export interface RollupDeltaTable { id: Generated<number>; day: ColumnType<string, string, never>; regionCode: string; measure: string; delta: number }
/** A region's district geometry for the dashboard map (src/analytics/maps). */
export interface DistrictMapTable {
  regionCode: string; geojson: ColumnType<unknown, string, string>; districtCodes: string[]; source: string; approvalNo: string | null;
  schematic: boolean; updatedAt: Timestamp; updatedByAccountId: string | null;
}
export interface DailyRollupTable { day: ColumnType<string, string, string>; regionCode: string; measure: string; value: number }

/** Fever clinics (发热门诊), src/analytics/clinics; migration 0770. */
export type ClinicTriage = 'observe' | 'home' | 'transfer' | 'admit';
export type ClinicTest = 'none' | 'nucleic_acid' | 'antigen' | 'both';
export type ClinicResult = 'pending' | 'negative' | 'positive';
export interface FeverClinicTable { venueId: string; regionCode: string; openedAt: Timestamp; openedByAccountId: string | null }
export interface FeverClinicStaffTable { venueId: string; accountId: string; addedAt: Timestamp; addedByAccountId: string | null }
export interface FeverClinicVisitTable {
  id: string; venueId: string; regionCode: string; personId: string; visitedAt: Timestamp; visitDay: ColumnType<string, string, never>;
  temperature: ColumnType<string, number, never>; symptoms: ColumnType<string[], string[], never>; onsetOn: ColumnType<string | null, string | null, never>;
  travelHistory: boolean; contactHistory: boolean; clusterHistory: boolean; epiNoteEnc: string | null;
  triage: ClinicTriage; suspected: boolean; testOrdered: ClinicTest; result: ClinicResult | null; resultAt: NullableTimestamp; caseId: string | null;
  recordedByAccountId: string; createdAt: ColumnType<Date, Date, never>; updatedAt: Timestamp;
}
export interface FeverClinicReportExportTable {
  id: string; regionCode: string; day: ColumnType<string, string, never>; requestedByAccountId: string;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  processed: ColumnType<number, number | undefined, number>; total: number | null; rowCount: number | null; file: Buffer | null; error: string | null;
  createdAt: Timestamp; updatedAt: Timestamp; finishedAt: NullableTimestamp; expiresAt: Timestamp;
}

export interface Database {
  checkins: CheckinTable;
  checkinRequests: CheckinRequestTable;
  checkinDailyVolumes: CheckinDailyVolumeTable;
  checkinExports: CheckinExportTable;
  codeOverrideProposals: CodeOverrideProposalTable;
  codeOverrideRequests: CodeOverrideRequestTable;
  codeAppeals: CodeAppealTable;
  printedCodes: PrintedCodeTable;
  installationKeys: InstallationKeyTable;
  tokenRevocations: TokenRevocationTable;
  importedTrustLists: ImportedTrustListTable;
  healthDeclarations: HealthDeclarationTable;
  codeStatus: CodeStatusTable;
  colourEvents: ColourEventTable;
  codeFactsChanged: CodeFactsChangedTable;
  codeRuleSets: CodeRuleSetTable;
  codeRiskAreas: CodeRiskAreaTable;
  regions: RegionTable;
  tenants: TenantTable;
  signingKeys: SigningKeyTable;
  persons: PersonTable;
  guardianships: GuardianshipTable;
  accounts: AccountTable;
  accountRoles: AccountRoleTable;
  sessions: SessionTable;
  otpChallenges: OtpChallengeTable;
  smsOutbox: SmsOutboxTable;
  rateLimitCounters: RateLimitCounterTable;
  auditLog: AuditLogTable;
  venues: VenueTable;
  venueStaff: VenueStaffTable;
  venueNumberCounters: VenueNumberCounterTable;
  organisations: OrganisationTable;
  organisationUnits: OrganisationUnitTable;
  organisationMembers: OrganisationMemberTable;
  organisationAdmins: OrganisationAdminTable;
  orgDailySettings: OrgDailySettingTable;
  orgDailyCheckins: OrgDailyCheckinTable;
  orgDailyCorrections: OrgDailyCorrectionTable;
  orgDailyReminders: OrgDailyReminderTable;
  orgDailyTotals: OrgDailyTotalTable;
  orgRosterImports: OrgRosterImportTable;
  orgDailyExports: OrgDailyExportTable;
  notices: NoticeTable;
  noticeRecipients: NoticeRecipientTable;
  noticeDings: NoticeDingTable;
  travelDeclarations: TravelDeclarationTable;
  travelReturns: TravelReturnTable;
  monitoringPlans: MonitoringPlanTable;
  monitoringFollowUps: MonitoringFollowUpTable;
  monitoringAssignmentCursors: MonitoringAssignmentCursorTable;
  orgResumptionApplications: OrgResumptionApplicationTable;
  orgResumptionEvents: OrgResumptionEventTable;
  orgReturnDeclarations: OrgReturnDeclarationTable;
  callbotScripts: CallbotScriptTable;
  callbotCampaigns: CallbotCampaignTable;
  callbotCallees: CallbotCalleeTable;
  callbotAttempts: CallbotAttemptTable;
  callbotDnc: CallbotDncTable;
  callbotFollowUpTasks: CallbotFollowUpTaskTable;
  callbotScreenings: CallbotScreeningTable;
  callbotReportExports: CallbotReportExportTable;
  householdMembers: HouseholdMemberTable;
  cases: CaseTable;
  caseEvents: CaseEventTable;
  contactLinks: ContactLinkTable;
  caseContacts: CaseContactTable;
  caseImports: CaseImportTable;
  tracingExports: TracingExportTable;
  tracingExportChunks: TracingExportChunkTable;
  venueExposures: VenueExposureTable;
  venueExposurePersons: VenueExposurePersonTable;
  rollupDeltas: RollupDeltaTable;
  dailyRollups: DailyRollupTable;
  districtMaps: DistrictMapTable;
  feverClinics: FeverClinicTable;
  feverClinicStaff: FeverClinicStaffTable;
  feverClinicVisits: FeverClinicVisitTable;
  feverClinicReportExports: FeverClinicReportExportTable;
}
