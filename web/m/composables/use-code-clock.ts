/**
 * The live clock on the code page, ticking on the second boundary: a screenshot shows a frozen
 * time, a live page never does.
 */
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export function useCodeClock() {
  const now = ref(new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;

  function tick(): void {
    now.value = new Date();
    timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  }
  tick();

  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  return { now };
}

/** 14:03:09 in Asia/Shanghai, whatever the phone's zone. */
export function formatClock(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}

/** 2026年3月2日 / 2 Mar 2026 in Asia/Shanghai. */
export function formatDay(value: string | Date, locale: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}
