/** Test-only helpers for the check-in DB tests: approved venues with their codes, and check-in requests. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import type { TestPlatform } from '../../test/support/platform.ts';
import { issueVenueToken } from '../venues/token.ts';
import { checkinAnswerSchema } from './schemas.ts';

export const XIXI = '330106004'; // 西湖区 西溪街道
export const BRIDGE = { latitude: 30.2617, longitude: 120.1525 };

export interface TestVenue {
  id: string;
  token: string;
  name: string;
  number: string;
}

/** A venue registered by `admin` (a venue_admin of 330106) and approved by `worker` (a community worker of 330106). */
export async function approvedVenue(t: TestPlatform, admin: Session, worker: Session, input: Record<string, unknown> = {}): Promise<TestVenue> {
  const created = await admin.request({ method: 'POST', url: '/api/venues', payload: { name: '晨光小区', kind: 'shop', address: '文三路 1 号', regionCode: XIXI, ...input } });
  expect(created.statusCode, created.body).toBe(201);
  const venue = created.json();
  const approved = await worker.request({ method: 'POST', url: `/api/venues/${venue.id}/approve` });
  expect(approved.statusCode, approved.body).toBe(200);
  return { id: venue.id, name: venue.name, number: venue.number, token: issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1 }) };
}

export function checkIn(session: Session, payload: Record<string, unknown>, key: string | null = randomUUID()) {
  return session.request({ method: 'POST', url: '/api/checkins', payload, headers: key === null ? {} : { 'idempotency-key': key } });
}

export function guardCheckIn(session: Session, payload: Record<string, unknown>, key: string = randomUUID()) {
  return session.request({ method: 'POST', url: '/api/checkins/guard', payload, headers: { 'idempotency-key': key } });
}

/**
 * A check-in answer goes out as the JSON text made when it was written, past the response
 * serializer: it must be exactly checkinAnswerSchema's shape (nothing missing, nothing extra).
 */
export function expectAnswerShape(res: { headers: Record<string, unknown>; body: string }) {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = JSON.parse(res.body) as { items: { checkedInAt: string; leaveAt: string }[] };
  const revived = { ...body, items: body.items.map((i) => ({ ...i, checkedInAt: new Date(i.checkedInAt), leaveAt: new Date(i.leaveAt) })) };
  expect(JSON.parse(JSON.stringify(checkinAnswerSchema.strict().parse(revived)))).toEqual(body);
}
