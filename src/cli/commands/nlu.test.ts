/** `fangyi nlu`: the command's function, and the real binary printing one JSON object. */
import { describe, expect, it } from 'vitest';
import { runFangyi } from '../../../test/support/cli.ts';
import { runNlu } from './nlu.ts';

describe('fangyi nlu', () => {
  it('understands one answer with the default risk areas (湖北省) or given ones', () => {
    expect(runNlu('temperature', '三十六度五,也不咳嗽')).toEqual({ intent: null, slots: { temperature: 36.5, cough: 'no' } });
    expect(runNlu('travel', '去过荆州')).toEqual({ intent: null, slots: { travel: 'yes' } });
    expect(runNlu('travel', '去过荆州', '330300')).toEqual({ intent: null, slots: { travel: 'no' } });
    expect(runNlu('travel', '刚从温州回来', '330300, 110000')).toEqual({ intent: null, slots: { travel: 'yes' } });
  });

  it('rejects unknown questions and malformed risk codes', () => {
    expect(() => runNlu('nose', '有')).toThrow(/unknown question/);
    expect(() => runNlu('travel', '去过', 'hubei')).toThrow(/GB\/T 2260/);
  });

  it('prints exactly one JSON object', async () => {
    const run = await runFangyi(['nlu', '--question', 'cough', '在上班,回头再说'], {});
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ intent: 'busy', slots: {} });
    const bad = await runFangyi(['nlu', '--question', 'nose', '有'], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown question/);
  }, 60_000);
});
