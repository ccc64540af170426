import { describe, expect, it } from 'vitest';
import { ApiError, BAD_RESPONSE, NETWORK_ERROR } from '../../common/http-error.ts';
import { IDEMPOTENCY_KEY } from '../../../src/checkins/model.ts';
import { ATTEMPT_REPLAY_MS, attemptFromState, bodyOf, isRetryable, newIdempotencyKey, sendWithRetries, startAttempt, STATE_KEY, stateWith } from './attempt.ts';

const TOKEN = 'v1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIj';
const NOW = new Date('2026-03-02T06:00:00Z');
const error = (status: number, code: string) => new ApiError(status, { code, zh: '错', en: 'err' }, 'zh-CN');

describe('idempotency keys', () => {
  it('are UUID v4 shaped, accepted by the server\'s rule, and different each time', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(IDEMPOTENCY_KEY.test(a)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('set the version and variant bits whatever the random bytes are', () => {
    expect(newIdempotencyKey((bytes) => bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newIdempotencyKey((bytes) => bytes.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});

describe('an attempt kept in history.state', () => {
  const attempt = startAttempt(TOKEN, ['p-self', 'p-child'], { latitude: 30.26, longitude: 120.15, accuracyM: 25 }, NOW, 'key-0123456789');

  it('comes back unchanged from the state it was written into, next to the router\'s fields', () => {
    const state = stateWith({ back: null, current: '/v/x', position: 3 }, attempt);
    expect(state).toMatchObject({ back: null, current: '/v/x', position: 3 });
    // Through a structured clone, as the browser stores it.
    const again = attemptFromState(structuredClone(state), TOKEN, new Date(NOW.getTime() + 60_000));
    expect(again).toEqual(attempt);
    expect(bodyOf(again!)).toEqual({ venueToken: TOKEN, personIds: ['p-self', 'p-child'], location: { latitude: 30.26, longitude: 120.15, accuracyM: 25 } });
  });

  it('sends no location field when there was none', () => {
    expect(bodyOf(startAttempt(TOKEN, ['p'], null, NOW))).toEqual({ venueToken: TOKEN, personIds: ['p'] });
  });

  it('is not replayed for another venue code, when too old, or when malformed', () => {
    const state = stateWith(null, attempt);
    expect(attemptFromState(state, `${TOKEN}x`, NOW)).toBeNull();
    expect(attemptFromState(state, TOKEN, new Date(NOW.getTime() + ATTEMPT_REPLAY_MS + 1))).toBeNull();
    expect(attemptFromState({ [STATE_KEY]: { ...attempt, key: 'bad key!' } }, TOKEN, NOW)).toBeNull();
    expect(attemptFromState({ [STATE_KEY]: { ...attempt, personIds: [] } }, TOKEN, NOW)).toBeNull();
    expect(attemptFromState({ [STATE_KEY]: 'x' }, TOKEN, NOW)).toBeNull();
    expect(attemptFromState(null, TOKEN, NOW)).toBeNull();
  });

  it('is removed from the state without touching the rest', () => {
    expect(stateWith(stateWith({ position: 1 }, attempt), null)).toEqual({ position: 1 });
  });
});

describe('retries', () => {
  it('retry network failures, CHECKIN_UNAVAILABLE and proxy errors; not business answers', () => {
    expect(isRetryable(new ApiError(0, NETWORK_ERROR, 'zh-CN'))).toBe(true);
    expect(isRetryable(error(503, 'CHECKIN_UNAVAILABLE'))).toBe(true);
    expect(isRetryable(new ApiError(502, BAD_RESPONSE, 'zh-CN'))).toBe(true);
    expect(isRetryable(error(429, 'CHECKIN_DAILY_LIMIT'))).toBe(false);
    expect(isRetryable(error(400, 'VENUE_TOKEN_INVALID'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });

  it('send the same request again after each delay, then give up with the last failure', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new ApiError(0, NETWORK_ERROR, 'zh-CN');
      return 'answer';
    };
    expect(await sendWithRetries(flaky, [10, 20], async (ms) => { waits.push(ms); })).toBe('answer');
    expect(waits).toEqual([10, 20]);
    calls = 0;
    const down = async () => { calls++; throw error(503, 'CHECKIN_UNAVAILABLE'); };
    await expect(sendWithRetries(down, [1, 1], async () => undefined)).rejects.toMatchObject({ code: 'CHECKIN_UNAVAILABLE' });
    expect(calls).toBe(3);
  });

  it('stop at once on an answer that retrying cannot change', async () => {
    let calls = 0;
    const limited = async () => { calls++; throw error(429, 'CHECKIN_DAILY_LIMIT'); };
    await expect(sendWithRetries(limited, [1, 1], async () => undefined)).rejects.toMatchObject({ code: 'CHECKIN_DAILY_LIMIT' });
    expect(calls).toBe(1);
  });
});
