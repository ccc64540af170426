/**
 * 长辈模式: bigger type and buttons for elderly residents. A class on <html> switches Vant's
 * size variables (styles/elder-mode.css); the choice persists so it is on from the next cold
 * start, applied before the first render to avoid a flash of small text.
 */
import { computed, ref } from 'vue';

const STORAGE_KEY = 'fy.elderMode';
export const ELDER_CLASS = 'fy-elder';

function readStored(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

const enabled = ref(readStored());

export function applyElderMode(): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle(ELDER_CLASS, enabled.value);
}

export function useElderMode() {
  return {
    elderMode: computed({
      get: () => enabled.value,
      set: (on: boolean) => {
        enabled.value = on;
        try {
          globalThis.localStorage?.setItem(STORAGE_KEY, on ? '1' : '0');
        } catch {
          // storage unavailable: the switch still applies for this visit
        }
        applyElderMode();
      },
    }),
  };
}
