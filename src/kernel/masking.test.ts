import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('masking', () => {
  it('masks Chinese names keeping the first and last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李')).toBe('*');
  });
  it('masks Latin names word by word', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
  });
  it('keeps region and last four of an 18-digit ID number', () => {
    expect(maskIdNumber('330102199001011234')).toBe('330102********1234');
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
  });
  it('masks the middle four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
