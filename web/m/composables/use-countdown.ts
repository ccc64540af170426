/**
 * The "60 秒后重发" countdown on the code button. Counts against the wall clock rather than
 * ticks, because phones throttle timers when the resident switches to the SMS app and back.
 */
import { computed, getCurrentScope, onScopeDispose, ref } from 'vue';

export function useCountdown() {
  const remaining = ref(0);
  let endsAt = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    remaining.value = 0;
  }

  function refresh(): void {
    remaining.value = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (remaining.value === 0) stop();
  }

  function start(seconds: number): void {
    stop();
    if (!(seconds > 0)) return;
    endsAt = Date.now() + seconds * 1000;
    remaining.value = Math.ceil(seconds);
    timer = setInterval(refresh, 250);
  }

  if (getCurrentScope()) onScopeDispose(stop);

  return { remaining, running: computed(() => remaining.value > 0), start, stop };
}
