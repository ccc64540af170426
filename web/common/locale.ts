/**
 * Which language the screens speak. Chinese first; the choice is kept in localStorage so an
 * elderly resident who switched once is not asked again. Kept outside vue-i18n so the request
 * client (which has no component around it) can pick the matching half of an error envelope.
 */
import { ref } from 'vue';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'fy.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // private mode or storage disabled: fall back silently
  }
}

export const currentLocale = ref<Locale>(readStoredLocale());

export function storeLocale(locale: Locale): void {
  currentLocale.value = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisting is acceptable; the switch still works for this visit
  }
}
