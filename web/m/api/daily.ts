/**
 * 健康打卡 endpoints the resident app calls (src/orgs/daily/routes.ts). The symptom codes are the
 * health declaration's own list; the answer rules are the server's pure model.
 */
import { request } from '../../common/request.ts';
import { SYMPTOMS, type Symptom } from '../../../src/codes/declarations/code-lists.ts';
import { LOCATIONS, FEVER_CELSIUS, isValidDailyTemperature, type DailyLocation } from '../../../src/orgs/daily/model.ts';

export { SYMPTOMS, LOCATIONS, FEVER_CELSIUS, isValidDailyTemperature };
export type { Symptom, DailyLocation };

export interface MyDailyOrganisation {
  organisationId: string;
  name: string;
  kind: string;
  personId: string;
  nameMasked: string;
  self: boolean;
  submittedToday: boolean;
}

export interface DailyCorrection {
  id: string;
  correctedAt: string;
  reason: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
}

export interface DailyCheckin {
  id: string;
  organisationId: string;
  personId: string;
  day: string;
  submittedAt: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  cityName: string | null;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
  corrections: DailyCorrection[];
}

export interface DailyToday {
  day: string;
  organisation: { id: string; name: string; kind: string };
  nameMasked: string;
  checkin: DailyCheckin | null;
  defaults: { cityCode: string | null; cityName: string | null; location: DailyLocation | null };
}

export interface DailyAnswers {
  personId: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  location: DailyLocation;
}

/** GET /api/orgs/daily/mine — my organisations (and my children's schools) with today's state. */
export function fetchMyDailyOrganisations(): Promise<{ day: string; items: MyDailyOrganisation[] }> {
  return request.get('/api/orgs/daily/mine');
}

export function fetchDailyToday(orgId: string, personId: string): Promise<DailyToday> {
  return request.get(`/api/orgs/${encodeURIComponent(orgId)}/daily/today`, { personId });
}

/** POST — 409 DAILY_ALREADY_SUBMITTED for a second one the same day. */
export function submitDailyCheckin(orgId: string, answers: DailyAnswers): Promise<DailyCheckin> {
  return request.post(`/api/orgs/${encodeURIComponent(orgId)}/daily`, answers);
}
