/** The submit runner inside a real component setup (rendered on the server side: no DOM needed). */
import { createSSRApp, h } from 'vue';
import { createI18n } from 'vue-i18n';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './http-error.ts';
import { currentLocale } from './locale.ts';
import { useBusyAction } from './use-busy-action.ts';

async function setUp(): Promise<ReturnType<typeof useBusyAction>> {
  let runner: ReturnType<typeof useBusyAction> | undefined;
  const app = createSSRApp({ setup() { runner = useBusyAction(); return () => h('div'); } });
  app.use(createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': { common: { unexpectedError: '出错了，请重试' } } } }));
  await renderToString(app);
  return runner!;
}

const refused = new ApiError(409, { code: 'VENUE_NOT_ACTIVE', zh: '场所未启用', en: 'The venue is not active' }, 'zh-CN');

describe('useBusyAction', () => {
  it('is busy while the action runs, and shows nothing when it succeeds', async () => {
    const runner = await setUp();
    let release!: () => void;
    const running = runner.run(() => new Promise<void>((resolve) => { release = resolve; }));
    expect(runner.busy.value).toBe(true);
    release();
    await running;
    expect(runner.busy.value).toBe(false);
    expect(runner.errorText.value).toBe('');
  });

  it('shows the server\'s error in the language showing now, and clears it on the next run', async () => {
    const runner = await setUp();
    await runner.run(async () => { throw refused; });
    expect(runner.busy.value).toBe(false);
    expect(runner.errorText.value).toBe('场所未启用');
    currentLocale.value = 'en-US';
    expect(runner.errorText.value).toBe('The venue is not active');
    currentLocale.value = 'zh-CN';
    await runner.run(async () => undefined);
    expect(runner.errorText.value).toBe('');
  });

  it('says "try again" for a failure that is not the server\'s answer', async () => {
    const runner = await setUp();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await runner.run(async () => { throw new TypeError('bug'); });
    expect(runner.errorText.value).toBe('出错了，请重试');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
