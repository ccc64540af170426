/**
 * 出行申报 / 返程申报 (src/travel/routes.ts) and 返岗申报 (src/orgs/resumption/routes.ts) as the
 * resident app calls them. The lists and checks are the server's pure modules.
 */
import { request } from '../../common/request.ts';
import { HEALTH_NOW, TRANSPORTS, normaliseTransportNumber, type HealthNow, type Transport } from '../../../src/travel/model.ts';
import { QUARANTINE_STATES, type QuarantineState, type ReturnBucket, type ReturnStatus } from '../../../src/orgs/resumption/model.ts';
import type { ResidentCode } from './codes.ts';

export { HEALTH_NOW, TRANSPORTS, QUARANTINE_STATES, normaliseTransportNumber };
export type { HealthNow, Transport, QuarantineState };

export interface TripReturn {
  declaredAt: string;
  returnedOn: string;
  visitedRegionCodes: string[];
  visitedRegionNames: string[];
  health: HealthNow;
  observationRequired: boolean;
  observationRegionCodes: string[];
  observationUntil: string | null;
}

export interface Trip {
  id: string;
  personId: string;
  declaredAt: string;
  fromRegionCode: string;
  fromRegionName: string;
  toRegionCode: string;
  toRegionName: string;
  viaRegionCodes: string[];
  viaRegionNames: string[];
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  transportNumber: string | null;
  purpose: string;
  riskRegionCodes: string[];
  status: 'planned' | 'returned' | 'cancelled';
  returnDeclaration: TripReturn | null;
}

export interface TripInput {
  personId: string;
  fromRegionCode: string;
  toRegionCode: string;
  viaRegionCodes: string[];
  leaveOn: string;
  returnOn: string;
  transport: Transport;
  transportNumber: string | null;
  purpose: string;
}

export function declareTrip(body: TripInput): Promise<{ trip: Trip; code: ResidentCode }> {
  return request.post('/api/travel', body);
}
export function fetchTrips(personId: string, after?: string): Promise<{ items: Trip[]; next: string | null }> {
  return request.get('/api/travel', { personId, after, limit: 20 });
}
export function fetchTrip(id: string): Promise<Trip> {
  return request.get(`/api/travel/${encodeURIComponent(id)}`);
}
export function cancelTrip(id: string): Promise<{ trip: Trip }> {
  return request.post(`/api/travel/${encodeURIComponent(id)}/cancel`);
}
export function declareTripReturn(id: string, body: { returnedOn: string; visitedRegionCodes: string[]; health: HealthNow }): Promise<{ trip: Trip; code: ResidentCode }> {
  return request.post(`/api/travel/${encodeURIComponent(id)}/return`, body);
}

export interface ReturnToWork {
  organisationId: string;
  organisationName: string;
  personId: string;
  declaredAt: string;
  originRegionCode: string;
  originRegionName: string;
  quarantine: QuarantineState;
  plannedOn: string;
  status: ReturnStatus;
  approvedOn: string | null;
  hrComment: string | null;
  bucket: ReturnBucket;
}

export function fetchReturnCompanies(personId: string): Promise<{ items: { organisationId: string; name: string; declaration: ReturnToWork | null }[] }> {
  return request.get('/api/resumption/mine', { personId });
}
export function declareReturnToWork(orgId: string, body: { personId: string; originRegionCode: string; quarantine: QuarantineState; plannedOn: string }): Promise<ReturnToWork> {
  return request.post(`/api/resumption/organisations/${encodeURIComponent(orgId)}/returns`, body);
}
