import { describe, expect, it } from 'vitest';
import type { ScriptSummary, Template } from '../../api/callbot.ts';
import { choiceName, scriptChoices } from './script-choices.ts';

const template = (key: string, name: string, scriptId: string) => ({ key, name, description: '', scriptId, script: { key, name } }) as unknown as Template;
const saved = (id: string, key: string, version: number): ScriptSummary => ({ id, key, version, name: `n-${key}`, regionCode: '330100', createdAt: '2026-11-28T00:00:00Z' });

describe('script choices', () => {
  const templates = [template('returnee-screening', '返乡人员摸排', 't1'), template('return-to-work', '复工通知', 't2')];
  const scripts = [saved('t1', 'returnee-screening', 1), saved('a3', 'returnee-screening', 3), saved('b1', 'custom', 1), saved('a2', 'returnee-screening', 2), saved('t2', 'return-to-work', 1)];

  it('lists templates (their stored version) first, then the other saved versions grouped by key, newest first', () => {
    const choices = scriptChoices(templates, scripts, (v) => `v${v}`);
    expect(choices.map((c) => c.value)).toEqual(['t1', 't2', 'b1', 'a3', 'a2']);
    expect(choices.filter((c) => c.group === 'templates').map((c) => c.label)).toEqual(['返乡人员摸排', '复工通知']);
    expect(choices[3]).toEqual({ value: 'a3', label: 'n-returnee-screening · v3', group: 'scripts' });
  });

  it('names a choice by its template, else by its saved script', () => {
    expect(choiceName('t2', templates, scripts)).toBe('复工通知');
    expect(choiceName('b1', templates, scripts)).toBe('n-custom');
    expect(choiceName('nope', templates, scripts)).toBe('');
  });
});
