/**
 * A console page's action runner: one error line, one "done" line and a busy flag shared by the
 * page's buttons. `run` clears both lines, runs the action, shows its returned text as done (or
 * the server's error in the current language), then `afterEach` (e.g. reload the queue).
 */
import { ref } from 'vue';
import { useBusyAction } from '../../common/use-busy-action.ts';

export function useConsoleAction(afterEach?: () => Promise<void>) {
  const action = useBusyAction();
  const doneText = ref('');

  async function run(work: () => Promise<string | void>): Promise<void> {
    doneText.value = '';
    await action.run(async () => {
      const done = await work();
      if (typeof done === 'string') doneText.value = done;
      await afterEach?.();
    });
  }

  return { ...action, doneText, run };
}
