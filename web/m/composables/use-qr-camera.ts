/**
 * The back camera decoding QR codes into a <video> (qr-scanner, loaded only when a page opens the
 * camera): the gate's /scan and the resident's venue scanner share it. `onCode` gets each decoded
 * text; a refused or missing camera sets `cameraFailed` so the page can say so and offer a retry.
 */
import { ref, type Ref } from 'vue';
import type QrScanner from 'qr-scanner';

export function useQrCamera(video: Ref<HTMLVideoElement | null>, onCode: (text: string) => void) {
  const scanning = ref(false);
  const cameraFailed = ref(false);
  let scanner: QrScanner | null = null;

  async function startCamera(): Promise<void> {
    cameraFailed.value = false;
    if (!video.value) return;
    const { default: Scanner } = await import('qr-scanner');
    scanner ??= new Scanner(video.value, (result) => onCode(result.data), {
      preferredCamera: 'environment', maxScansPerSecond: 8, returnDetailedScanResult: true, highlightScanRegion: true,
    });
    try {
      await scanner.start();
      scanning.value = true;
    } catch (error) {
      console.warn('camera', error);
      cameraFailed.value = true;
    }
  }

  async function stopCamera(): Promise<void> {
    scanner?.destroy();
    scanner = null;
    scanning.value = false;
  }

  return { scanning, cameraFailed, startCamera, stopCamera };
}
