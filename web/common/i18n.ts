/**
 * vue-i18n for one app: the shared messages (roles, language names) plus the app's own, one
 * namespace per capability. Follows the locale store, so a switch anywhere re-renders every page
 * and sets <html lang> (screen readers and font choice depend on it).
 */
import { watch } from 'vue';
import { createI18n } from 'vue-i18n';
import { currentLocale, storeLocale, type Locale } from './locale.ts';
import zhCommon from './locales/zh-CN/common.json';
import enCommon from './locales/en-US/common.json';
import zhRoles from './locales/zh-CN/roles.json';
import enRoles from './locales/en-US/roles.json';

export type MessageTree = { [key: string]: string | MessageTree };
export type AppMessages = Record<Locale, Record<string, MessageTree>>;

export function createAppI18n(appMessages: AppMessages) {
  const i18n = createI18n({
    legacy: false,
    locale: currentLocale.value,
    fallbackLocale: 'zh-CN',
    messages: {
      'zh-CN': { common: zhCommon, roles: zhRoles, ...appMessages['zh-CN'] },
      'en-US': { common: enCommon, roles: enRoles, ...appMessages['en-US'] },
    },
  });
  const apply = (locale: Locale) => {
    i18n.global.locale.value = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  };
  apply(currentLocale.value);
  watch(currentLocale, apply);
  return i18n;
}

export function useLocaleSwitch() {
  return {
    locale: currentLocale,
    setLocale: storeLocale,
    toggleLocale: () => storeLocale(currentLocale.value === 'zh-CN' ? 'en-US' : 'zh-CN'),
  };
}
