import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/http-error.ts';
import { errorField } from './tracing.ts';

const refused = (code: string, details?: unknown) => new ApiError(400, { code, zh: '错', en: 'wrong', details }, 'zh-CN');

describe('errorField', () => {
  it('names the field a tracing error, a settings error or a schema failure points at', () => {
    expect(errorField(refused('TRACING_DATE_INVALID', { field: 'onsetOn' }))).toBe('onsetOn');
    expect(errorField(refused('TRACING_SETTINGS_INVALID', { fields: ['stayMinutesByKind.shop', 'depth'] }))).toBe('stayMinutesByKind.shop');
    expect(errorField(refused('VALIDATION_FAILED', { in: 'body', issues: [{ path: '/reportedOn', message: 'bad' }] }))).toBe('reportedOn');
    expect(errorField(refused('VALIDATION_FAILED', { in: 'body', issues: [{ path: '/person/idNumber', message: 'bad' }] }))).toBe('person');
  });

  it('puts "no such person" and "already an open case" at the person, and names nothing otherwise', () => {
    expect(errorField(refused('TRACING_PERSON_NOT_FOUND'))).toBe('person');
    expect(errorField(refused('TRACING_CASE_EXISTS'))).toBe('person');
    expect(errorField(refused('TRACING_VENUE_NOT_FOUND'))).toBe('venueId');
    expect(errorField(refused('AUTH_FORBIDDEN'))).toBeNull();
    expect(errorField(new Error('bug'))).toBeNull();
  });
});
