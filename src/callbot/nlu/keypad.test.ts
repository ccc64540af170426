import { describe, expect, it } from 'vitest';
import { KEYPAD_INSTRUCTIONS, takeKeypadAnswer, understandKeypad } from './keypad.ts';
import { QUESTION_IDS } from './model.ts';
import { understand } from './understand.ts';

const context = { riskRegionCodes: [] };

describe('keypad answers', () => {
  it('1 is yes and 2 is no on every yes/no question', () => {
    for (const question of QUESTION_IDS.filter((q) => q !== 'temperature')) {
      expect(understandKeypad(question, '1', understand, context).slots).toEqual({ [question]: 'yes' });
      expect(understandKeypad(question, '2#', understand, context).slots).toEqual({ [question]: 'no' });
      expect(understandKeypad(question, '7', understand, context)).toEqual({ intent: null, slots: {} });
    }
  });

  it('reads a temperature typed as digits and #', () => {
    expect(understandKeypad('temperature', '365#', understand, context).slots.temperature).toBe(36.5);
    expect(understandKeypad('temperature', '385#', understand, context).slots.temperature).toBe(38.5);
    expect(understandKeypad('temperature', '9#', understand, context).slots).toEqual({});
  });

  it('* repeats and 0 asks for a person', () => {
    expect(understandKeypad('cough', '*', understand, context).intent).toBe('repeat');
    expect(understandKeypad('temperature', '0#', understand, context).intent).toBe('human');
  });

  it('takes one answer at a time from keys typed ahead', () => {
    expect(takeKeypadAnswer('cough', '12')).toEqual({ answer: '1', rest: '2' });
    expect(takeKeypadAnswer('temperature', '36')).toBeNull();
    expect(takeKeypadAnswer('temperature', '365#2')).toEqual({ answer: '365#', rest: '2' });
    expect(takeKeypadAnswer('temperature', '*365#')).toEqual({ answer: '*', rest: '365#' });
    expect(takeKeypadAnswer('temperature', '0#')).toEqual({ answer: '0#', rest: '' });
    expect(takeKeypadAnswer('cough', '')).toBeNull();
  });

  it('tells the keys it understands on every question', () => {
    for (const question of QUESTION_IDS) {
      const said = KEYPAD_INSTRUCTIONS[question];
      if (question === 'temperature') expect(said).toContain('井号');
      else expect(said).toMatch(/按1.*按2/);
    }
  });
});
