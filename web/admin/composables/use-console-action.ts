/**
 * A console page's action runner: one error line, one "done" line and a busy flag shared by the
 * page's buttons. `run` clears both lines, runs the action, shows its returned text as done (or
 * the server's error in the current language), then `afterEach` (e.g. reload the queue).
 */
import { ref } from 'vue';
import { useErrorMessage } from '../../common/use-error-message.ts';

export function useConsoleAction(afterEach?: () => Promise<void>) {
  const messages = useErrorMessage();
  const doneText = ref('');
  const busy = ref(false);

  async function run(action: () => Promise<string | void>): Promise<void> {
    messages.clearError();
    doneText.value = '';
    busy.value = true;
    try {
      const done = await action();
      if (typeof done === 'string') doneText.value = done;
      await afterEach?.();
    } catch (error) {
      messages.showError(error);
    } finally {
      busy.value = false;
    }
  }

  return { ...messages, doneText, busy, run };
}
