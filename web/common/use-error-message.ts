/**
 * The one error line a form shows. Server failures keep both languages (the ApiError), so a
 * resident who switches language after a failure still reads the message in the new one;
 * checks made in the page itself are message keys for the same reason.
 */
import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { currentLocale } from './locale.ts';
import { ApiError } from './http-error.ts';

type Shown = { kind: 'api'; error: ApiError } | { kind: 'key'; key: string; params: Record<string, unknown> };

export function useErrorMessage() {
  const { t } = useI18n();
  const shown = shallowRef<Shown | null>(null);

  const errorText = computed(() => {
    const current = shown.value;
    if (!current) return '';
    return current.kind === 'api' ? current.error.messageIn(currentLocale.value) : t(current.key, current.params);
  });

  function showError(error: unknown): void {
    if (error instanceof ApiError) shown.value = { kind: 'api', error };
    else {
      console.warn(error); // a bug on our side; the resident only needs to know to retry
      shown.value = { kind: 'key', key: 'common.unexpectedError', params: {} };
    }
  }

  return {
    errorText,
    showError,
    showMessage: (key: string, params: Record<string, unknown> = {}) => { shown.value = { kind: 'key', key, params }; },
    clearError: () => { shown.value = null; },
  };
}
