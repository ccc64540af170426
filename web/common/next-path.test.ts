import { describe, expect, it } from 'vitest';
import { nextPathFrom } from './next-path.ts';

describe('nextPathFrom', () => {
  it('keeps paths inside the app', () => {
    expect(nextPathFrom({ next: '/sms-outbox' })).toBe('/sms-outbox');
  });
  it('refuses other sites and odd values', () => {
    expect(nextPathFrom({ next: '//evil.example/x' })).toBe('/');
    expect(nextPathFrom({ next: 'https://evil.example' })).toBe('/');
    expect(nextPathFrom({ next: ['/a'] })).toBe('/');
    expect(nextPathFrom({})).toBe('/');
  });
});
