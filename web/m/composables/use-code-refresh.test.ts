import { describe, expect, it } from 'vitest';
import { MIN_REFRESH_DELAY_MS, NO_TOKEN_REFRESH_MS, REFRESH_LEAD_MS, refreshDelayMs } from './use-code-refresh.ts';
import { formatClock } from './use-code-clock.ts';

const now = Date.parse('2026-03-02T06:00:00Z');

describe('refreshDelayMs', () => {
  it('asks for a new token 20 s before the current one expires', () => {
    const expires = new Date(now + 180_000).toISOString();
    expect(refreshDelayMs(expires, now)).toBe(180_000 - REFRESH_LEAD_MS);
  });

  it('waits at least the minimum when the token is about to expire or already has', () => {
    expect(refreshDelayMs(new Date(now + 10_000).toISOString(), now)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(new Date(now - 60_000).toISOString(), now)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs('not a date', now)).toBe(MIN_REFRESH_DELAY_MS);
  });

  it('re-reads the colour now and then when there is no token at all', () => {
    expect(refreshDelayMs(null, now)).toBe(NO_TOKEN_REFRESH_MS);
  });
});

describe('formatClock', () => {
  it('shows Shanghai time to the second', () => {
    expect(formatClock(new Date('2026-03-01T16:30:05Z'))).toBe('00:30:05');
  });
});
