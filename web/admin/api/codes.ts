/** The health-code console's endpoints (src/codes/{rulesets,overrides,appeals}/routes.ts), one typed function each. */
import { request } from '../../common/request.ts';
import type { SimulationResult } from '../../../src/codes/rules/simulate.ts';
import type { IdType } from '../../../src/people/model/id-number.ts';

export type Colour = 'green' | 'yellow' | 'red';
export type RiskLevel = 'high' | 'medium';

export interface RiskArea { regionCode: string; level: RiskLevel }
export interface RuleSetSummary {
  regionCode: string; version: number; ruleSetId: string; status: 'proposed' | 'published' | 'superseded'; proposedAt: string; publishedAt: string | null;
}
export interface Simulation { regionCode: string; currentRuleSetRef: string; population: number; evaluatedAt: string; report: SimulationResult }

export type ProposalKind = 'decide' | 'revoke' | 'false_declaration';
export interface Proposal {
  id: string; kind: ProposalKind; personId: string; regionCode: string; colour: Colour | null; validDays: number | null;
  decisionId: string | null; declarationId: string | null; reason: string; legalBasis: string; office: string; proposedByMe: boolean; proposedAt: string; expiresAt: string;
  status: 'pending' | 'approved' | 'rejected' | 'lapsed'; effectiveFrom: string | null; effectiveUntil: string | null;
}
export interface ProposalInput { personId: string; colour: Colour; reason: string; legalBasis: string; validDays?: number }
export interface FalseDeclarationInput { personId: string; declarationId: string; reason: string; legalBasis: string }
export interface DeclarationForOfficial {
  id: string; personId: string; declaredAt: string; regionCode: string; address: string; phoneMasked: string | null; temperature: number;
  symptoms: string[]; stayedRegionCodes: string[]; contact: 'none' | 'confirmed' | 'suspected';
  establishment: { proposalId: string; status: 'pending' | 'established'; since: string } | null;
}
export interface RegionRequest { id: string; personId: string; regionCode: string; fromRegionCode: string; requestedAt: string; reason: string }
export interface Page<T> { items: T[]; next: string | null }

export { ID_TYPES, type IdType } from '../../../src/people/model/id-number.ts';
export interface LookupResult {
  idType: IdType; idNumberMasked: string; nameMasked: string; homeRegionCode: string; homeRegionName: string; colour: Colour | null; colourAsOf: string | null;
}

export type AppealOutcome = 'upheld' | 'corrected';
export interface QueuedAppeal {
  id: string; personId: string; regionCode: string; status: 'open' | 'answered'; filedAt: string; deadline: string; overdue: boolean;
  ownerAccountId: string | null; ownedByMe: boolean;
}
export interface StaffAppeal extends QueuedAppeal { message: string; answer: string | null; outcome: AppealOutcome | null; correctionRef: string | null }

const region = (code: string) => `/api/codes/regions/${encodeURIComponent(code)}`;

export const getRiskAreas = (code: string) => request.get<{ items: RiskArea[] }>(`${region(code)}/risk-areas`);
export const saveRiskAreas = (code: string, areas: RiskArea[]) =>
  request.put<{ items: RiskArea[]; personsToReview: number }>(`${region(code)}/risk-areas`, { areas });
export const listRuleSets = (code: string) => request.get<{ items: RuleSetSummary[] }>(`${region(code)}/rulesets`);
export const proposeRuleSet = (code: string, ruleSet: unknown) => request.post<RuleSetSummary>(`${region(code)}/rulesets`, ruleSet);
export const publishRuleSet = (code: string, version: number) => request.post<RuleSetSummary>(`${region(code)}/rulesets/${version}/publish`);
export const simulateRuleSet = (code: string, ruleSet: unknown) => request.post<Simulation>(`${region(code)}/rulesets/simulate`, ruleSet);

export const lookupPerson = (idType: IdType, idNumber: string, reason: string) =>
  request.post<LookupResult>('/api/codes/lookup', { idType, idNumber, reason });
export const proposeDecision = (input: ProposalInput) => request.post<Proposal>('/api/codes/overrides', input);
export const listPendingProposals = (after?: string) => request.get<Page<Proposal>>('/api/codes/overrides/pending', { after });
export const approveProposal = (id: string) => request.post<Proposal>(`/api/codes/overrides/${encodeURIComponent(id)}/approve`);
export const rejectProposal = (id: string, reason: string) => request.post<Proposal>(`/api/codes/overrides/${encodeURIComponent(id)}/reject`, { reason });
export const listRegionRequests = (after?: string) => request.get<Page<RegionRequest>>('/api/codes/overrides/requests', { after });
export const readDeclarationHistory = (personId: string, reason: string, after?: string) =>
  request.post<Page<DeclarationForOfficial>>('/api/codes/overrides/declaration-history', { personId, reason, ...(after ? { after } : {}) });
export const proposeFalseDeclaration = (input: FalseDeclarationInput) => request.post<Proposal>('/api/codes/overrides/false-declarations', input);

export const listAppealQueue = (status: 'open' | 'answered', after?: string) => request.get<Page<QueuedAppeal>>('/api/codes/appeals', { status, after });
export const assignAppeal = (id: string) => request.post<StaffAppeal>(`/api/codes/appeals/${encodeURIComponent(id)}/assign`);
export const answerAppeal = (id: string, answer: string, outcome: AppealOutcome) =>
  request.post<StaffAppeal>(`/api/codes/appeals/${encodeURIComponent(id)}/answer`, { answer, outcome });

/** The region the console works in: the first grant of one of these roles (officials normally hold one). */
export function workingRegion(roles: readonly { role: string; regionCode: string; regionName: string }[], wanted: readonly string[]) {
  return roles.find((grant) => wanted.includes(grant.role)) ?? null;
}
