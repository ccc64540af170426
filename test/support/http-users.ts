/** Test-only helpers for people route tests: signed-in staff and residents through the real HTTP sign-in. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { residentIdCheckDigit } from '../../src/people/model/id-number.ts';

export interface Session {
  /** Sends a request with the session cookie and, for changes, the CSRF header. */
  request(options: InjectOptions & { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string }): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  /** The same signed-in session on another app (a second server process on the same database). */
  on(app: FastifyInstance): Session;
}

function sessionFrom(app: FastifyInstance, response: { cookies: { name: string; value: string }[] }): Session {
  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  if (!cookies.fy_session) throw new Error('sign-in gave no session cookie');
  return {
    on: (other) => sessionFrom(other, response),
    request: (options) => app.inject({
      ...options,
      cookies: { fy_session: cookies.fy_session! },
      headers: { ...(options.headers ?? {}), ...(options.method === 'GET' ? {} : { 'x-csrf-token': cookies.fy_csrf! }) },
    }),
  };
}

export async function signInStaffSession(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`staff sign-in failed: ${res.body}`);
  return sessionFrom(app, res);
}

let addressCounter = 0;

/** Signs a resident in by phone; each call comes from its own address so the per-IP code limit stays out of the way. */
export async function signInResidentSession(app: FastifyInstance, db: Kysely<Database>, phone: string): Promise<Session> {
  const remoteAddress = `10.9.0.${++addressCounter}`;
  const sent = await app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone }, remoteAddress });
  if (sent.statusCode !== 200) throw new Error(`code request failed: ${sent.body}`);
  const row = await db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const code = /([0-9]{6})/.exec(row.body)![1]!;
  const res = await app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone, code }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`resident sign-in failed: ${res.body}`);
  return sessionFrom(app, res);
}

/** A valid resident ID: region + birth date (YYYYMMDD) + 3-digit sequence + check digit. */
export function residentId(region: string, birthDate: string, sequence: string): string {
  const first17 = `${region}${birthDate}${sequence}`;
  return first17 + residentIdCheckDigit(first17);
}

/** The same number with its check digit changed. */
export function withWrongCheckDigit(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

export async function countRows(db: Kysely<Database>, table: 'persons' | 'guardianships' | 'auditLog'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
