/**
 * A short alert tone made with WebAudio (no audio files, nothing fetched), for the gate's scan page
 * and the console's venue alert feed: one beep for yellow, two for red or a refused code. Browsers
 * only allow sound after a user gesture (a tap on "start scanning", "next", "sound on"), so the
 * context is created then.
 */
let context: AudioContext | null = null;

/** Whether a gesture has unlocked sound on this page. */
export function audioUnlocked(): boolean {
  return context !== null && context.state === 'running';
}

export function unlockAudio(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  void context.resume().catch(() => undefined);
}

export function beep(times: number, frequency = 880): void {
  if (!context) return;
  const start = context.currentTime;
  for (let i = 0; i < times; i++) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + i * 0.25);
    gain.gain.setValueAtTime(0, start + i * 0.25 + 0.15);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + i * 0.25);
    oscillator.stop(start + i * 0.25 + 0.16);
  }
}
