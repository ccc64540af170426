import { describe, expect, it } from 'vitest';
import { outcomeAfterEarlyMedia, outcomeOfStatus } from './dial-outcomes.ts';

describe('dial outcomes from SIP', () => {
  it('maps the final statuses the issue names', () => {
    expect([486, 600].map(outcomeOfStatus)).toEqual(['busy', 'busy']);
    expect([480, 408].map(outcomeOfStatus)).toEqual(['no_answer', 'no_answer']);
    expect(outcomeOfStatus(603)).toBe('rejected');
    expect([404, 484].map(outcomeOfStatus)).toEqual(['empty_number', 'empty_number']);
    expect(outcomeOfStatus(503)).toBe('unreachable');
    expect(outcomeOfStatus(488)).toBe('unknown');
  });

  it('believes the announcement over the status after early media, and says unknown when nobody heard it', () => {
    expect(outcomeAfterEarlyMedia(486, 'powered_off')).toBe('powered_off');
    expect(outcomeAfterEarlyMedia(480, 'suspended')).toBe('suspended');
    expect(outcomeAfterEarlyMedia(486, null)).toBe('unknown');
    expect(outcomeAfterEarlyMedia(486, 'unknown')).toBe('unknown');
    expect(outcomeAfterEarlyMedia(480, null)).toBe('no_answer');
  });
});
