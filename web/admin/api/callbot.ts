/**
 * 智能外呼 for the console: campaigns, scripts and do-not-call list (src/callbot/routes.ts), the
 * report, Excel exports and follow-up tasks (src/callbot/results-routes.ts). One typed function
 * per endpoint; the shapes follow the routes' zod schemas.
 */
import { request, CSRF_COOKIE, readDocumentCookie } from '../../common/request.ts';
import { currentLocale } from '../../common/locale.ts';
import { ApiError, BAD_RESPONSE, isErrorEnvelope, NETWORK_ERROR } from '../../common/http-error.ts';
import type { AbnormalReason, CallResult, Script } from '../../../src/callbot/dialogue/model.ts';
import type { DialOutcome } from '../../../src/callbot/channels/channel.ts';
import type { CampaignReport } from '../../../src/callbot/results/model.ts';

export type { AbnormalReason, CallResult, DialOutcome, Script };
export const CALL_RESULTS: readonly CallResult[] = ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused'];
export const ABNORMAL_REASONS: readonly AbnormalReason[] = ['fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'];
export const FAILED_OUTCOMES: readonly Exclude<DialOutcome, 'connected'>[] = [
  'busy', 'no_answer', 'rejected', 'powered_off', 'suspended', 'empty_number', 'unreachable', 'unknown',
];

export type Channel = 'chat' | 'simulated' | 'sip';
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'stopped' | 'completed';
export interface CallingWindow { start: string; end: string }
export interface Progress {
  status: CampaignStatus; total: number; dialled: number; connected: number; completed: number; normal: number; abnormal: number;
  needsChecking: number; notReached: number; refused: number; pending: number; dialling: number; cancelled: number;
  failed: Partial<Record<DialOutcome, number>>;
}
/** A campaign's callees by state and result (in lists and the campaign itself). */
export interface CampaignCounts {
  total: number; pending: number; dialling: number; done: number; cancelled: number; dialled: number;
  normal: number; abnormal: number; needsChecking: number; notReached: number; refused: number;
}
export interface ScriptRef { id: string; key: string; version: number; name: string }
export interface Campaign {
  id: string; name: string; regionCode: string; regionName: string; scriptId: string; status: CampaignStatus; channel: Channel;
  windows: CallingWindow[]; attemptsPerDay: number; retryIntervalMinutes: number; endsOn: string; variables: Record<string, string>;
  createdAt: string; startedAt: string | null; pausedAt: string | null; stoppedAt: string | null; completedAt: string | null;
  script: ScriptRef; counts: CampaignCounts;
}
export interface CampaignInput {
  name: string; regionCode: string; scriptId: string; channel: Channel; windows: CallingWindow[];
  attemptsPerDay: number; retryIntervalMinutes: number; endsOn: string; variables: { community?: string };
}
export interface Page<T> { items: T[]; next: string | null }
/** A bundled template with the id of its stored version 1 (what a campaign pins when it picks the template). */
export interface Template { key: string; name: string; description: string; scriptId: string; script: Script }
export interface ScriptSummary { id: string; key: string; version: number; name: string; createdAt: string; regionCode: string }
export interface ScriptRecord extends ScriptSummary { script: Script }
export interface ImportRejection { row: number; code: string; message: { zh: string; en: string } }
/** `rejected` lists at most 1,000 rows; `rejectedCount` counts them all. */
export interface ImportReport { accepted: number; merged: number; rejected: ImportRejection[]; rejectedCount: number; dnc: number }
export interface SelectionReport { accepted: number; merged: number; dnc: number; noPhone: number }
export type RegistrySource = 'close_contacts' | 'risk_returnees';
export type CalleeStatus = 'pending' | 'dialling' | 'done' | 'cancelled';
export interface Callee {
  id: string; maskedName: string; maskedPhone: string; regionCode: string; regionName: string; tags: string[]; source: string; status: CalleeStatus;
  result: CallResult | null; reasons: AbnormalReason[]; attempts: number; lastOutcome: DialOutcome | null; nextAttemptAt: string | null; matchedPerson: boolean;
}
/** The campaign report (外呼报告): the results capability's own type (a pure module). */
export type Report = CampaignReport;
export interface CallbotExport {
  id: string; campaignId: string; status: 'queued' | 'running' | 'done' | 'failed'; processed: number; total: number; rowCount: number | null;
  error: string | null; createdAt: string; finishedAt: string | null; expiresAt: string;
}
/** follow_up (随访核实): an abnormal result; home_visit (上门核查): a person the campaign could not reach. */
export type TaskKind = 'follow_up' | 'home_visit';
export const TASK_KINDS: readonly TaskKind[] = ['follow_up', 'home_visit'];
export interface FollowUpTask {
  id: string; campaignId: string; campaignName: string; calleeId: string; maskedName: string; maskedPhone: string; regionCode: string; regionName: string;
  kind: TaskKind; reasons: AbnormalReason[]; temperature: number | null; attempts: number; lastOutcome: DialOutcome | null;
  status: 'open' | 'done'; assignedAccountId: string | null; createdAt: string; doneAt: string | null; note: string | null;
}
/** A task's callee, unmasked (an audited reveal). */
export interface TaskContact { name: string; phone: string; address: string | null }
export interface DncEntry { id: string; maskedPhone: string; regionCode: string; source: 'callee' | 'staff' | 'import'; addedAt: string }

const BASE = '/api/callbot';
const campaign = (id: string) => `${BASE}/campaigns/${encodeURIComponent(id)}`;

/** Which channels a new campaign may use here (电话外呼 only with a configured SIP trunk). */
export function fetchChannels(): Promise<{ channel: Channel; available: boolean }[]> {
  return request.get(`${BASE}/channels`);
}
export function fetchTemplates(): Promise<Template[]> {
  return request.get(`${BASE}/templates`);
}
export function fetchScripts(cursor?: string): Promise<Page<ScriptSummary>> {
  return request.get(`${BASE}/scripts`, { cursor });
}
export function fetchScript(id: string): Promise<ScriptRecord> {
  return request.get(`${BASE}/scripts/${encodeURIComponent(id)}`);
}
/** Saves a script: version 1 of a new key, or the key's next version (versions never change). */
export function saveScript(script: Script, regionCode?: string): Promise<ScriptRecord> {
  return request.post(`${BASE}/scripts`, regionCode ? { script, regionCode } : { script });
}

export function fetchCampaigns(cursor?: string): Promise<Page<Campaign>> {
  return request.get(`${BASE}/campaigns`, { cursor });
}
export function fetchCampaign(id: string): Promise<Campaign> {
  return request.get(campaign(id));
}
export function createCampaign(input: CampaignInput): Promise<Campaign> {
  return request.post(`${BASE}/campaigns`, input);
}
export type CampaignAction = 'start' | 'pause' | 'resume' | 'stop';
export function changeCampaign(id: string, action: CampaignAction): Promise<Campaign> {
  return request.post(`${campaign(id)}/${action}`, {});
}
export function fetchProgress(id: string): Promise<Progress> {
  return request.get(`${campaign(id)}/progress`);
}
export function fetchCallees(id: string, query: { result?: CallResult; cursor?: string }): Promise<Page<Callee>> {
  return request.get(`${campaign(id)}/callees`, query);
}
export function selectCallees(id: string, source: RegistrySource): Promise<SelectionReport> {
  return request.post(`${campaign(id)}/callees/select`, { source });
}
/** One finished attempt of a callee with its transcript (the name masked); reading it is audited. */
export interface CallAttempt {
  id: string;
  channel: Channel;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  outcome: string | null;
  result: CallResult | null;
  reasons: string[];
  transcript: { node: string; prompt: string; answer: string | null; heard: string; intent: string | null }[];
}
export function fetchCallAttempts(id: string, calleeId: string): Promise<CallAttempt[]> {
  return request.get(`${campaign(id)}/callees/${encodeURIComponent(calleeId)}/attempts`);
}
/** Starts a chat-channel attempt for the callee: the page at `url` answers it by typing. */
export function startChat(id: string, calleeId: string): Promise<{ token: string; url: string; expiresAt: string }> {
  return request.post(`${campaign(id)}/callees/${encodeURIComponent(calleeId)}/chat`, {});
}

/** The callee list (.xlsx or .csv) as multipart/form-data: the request client only speaks JSON. */
export async function importCallees(id: string, file: File): Promise<ImportReport> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLocale.value };
  const csrf = readDocumentCookie(CSRF_COOKIE);
  if (csrf) headers['x-csrf-token'] = csrf;
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${campaign(id)}/callees/import`, { method: 'POST', headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, currentLocale.value);
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok) return parsed as ImportReport;
  throw new ApiError(response.status, isErrorEnvelope(parsed) ? parsed : BAD_RESPONSE, currentLocale.value);
}

export function fetchReport(id: string): Promise<Report> {
  return request.get(`${campaign(id)}/report`);
}
export function startReportExport(id: string): Promise<CallbotExport> {
  return request.post(`${campaign(id)}/exports`, {});
}
export function fetchExport(exportId: string): Promise<CallbotExport> {
  return request.get(`${BASE}/exports/${encodeURIComponent(exportId)}`);
}
export function exportFileUrl(exportId: string): string {
  return `${BASE}/exports/${encodeURIComponent(exportId)}/file`;
}
export const isExportFinished = (job: CallbotExport) => job.status === 'done' || job.status === 'failed';

export function fetchTasks(status: 'open' | 'done', query: { kind?: TaskKind; cursor?: string } = {}): Promise<Page<FollowUpTask>> {
  return request.get(`${BASE}/tasks`, { status, kind: query.kind, cursor: query.cursor });
}
/** The callee's name, phone and address for a stated reason (2–200 characters; audited on the server). */
export function revealTaskContact(id: string, reason: string): Promise<TaskContact> {
  return request.post(`${BASE}/tasks/${encodeURIComponent(id)}/contact`, { reason });
}
export function completeTask(id: string, note: string): Promise<FollowUpTask> {
  return request.post(`${BASE}/tasks/${encodeURIComponent(id)}/done`, { note });
}

export function fetchDnc(cursor?: string): Promise<Page<DncEntry>> {
  return request.get(`${BASE}/dnc`, { cursor });
}
export function addDnc(input: { phone: string; regionCode?: string }): Promise<DncEntry> {
  return request.post(`${BASE}/dnc`, input);
}
export function removeDnc(id: string): Promise<void> {
  return request.delete(`${BASE}/dnc/${encodeURIComponent(id)}`);
}

/** Campaign states in which the robot is (or may be) still calling: the detail page polls progress then. */
export const isLive = (status: CampaignStatus | undefined) => status === 'running';
/** A refused import row's message in the language showing. */
export function rejectionText(r: ImportRejection, locale: string): string {
  return locale === 'zh-CN' ? r.message.zh : r.message.en;
}
