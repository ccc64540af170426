/**
 * A form's submit runner: one error line (useErrorMessage) and the busy flag of its button.
 * `run` clears the line, holds `busy` while the action runs and shows what it throws — the
 * server's error in the language showing now. Checks made in the page itself come before `run`
 * (showMessage); an action that answers some failures itself rethrows the others.
 */
import { ref } from 'vue';
import { useErrorMessage } from './use-error-message.ts';

export function useBusyAction() {
  const messages = useErrorMessage();
  const busy = ref(false);

  async function run(action: () => Promise<void>): Promise<void> {
    messages.clearError();
    busy.value = true;
    try {
      await action();
    } catch (error) {
      messages.showError(error);
    } finally {
      busy.value = false;
    }
  }

  return { ...messages, busy, run };
}
