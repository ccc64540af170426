/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M video whose frames show
 * one QR code — rendered from qrcode's module matrix, converted to Y'CbCr 4:2:0 here. Used by
 * every browser test that scans (guard checkpoint, check-ins at the gate, the resident's venue scanner).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';

const VIDEO_DIR = path.resolve('.test-data/scan-videos');
const WIDTH = 640;
const HEIGHT = 480;

/** QR alphanumeric mode's characters (health codes use only these); anything else (a venue code's URL) goes in byte mode. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** The text's QR (level M) as RGBA pixels: black modules on white, centred. */
function qrRgba(token: string): Uint8ClampedArray {
  const segment = ALPHANUMERIC.test(token) ? { data: token, mode: 'alphanumeric' as const } : { data: Buffer.from(token, 'utf8'), mode: 'byte' as const };
  const { modules } = QRCode.create([segment], { errorCorrectionLevel: 'M' });
  const scale = Math.floor(300 / (modules.size + 8));
  const side = modules.size * scale;
  const left = Math.floor((WIDTH - side) / 2);
  const top = Math.floor((HEIGHT - side) / 2);
  const rgba = new Uint8ClampedArray(WIDTH * HEIGHT * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!modules.get(Math.floor(y / scale), Math.floor(x / scale))) continue;
      const i = ((top + y) * WIDTH + left + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
    }
  }
  return rgba;
}

/** BT.601 limited-range Y'CbCr, chroma averaged over each 2×2 block (4:2:0), as YUV4MPEG2 frames. */
function y4mFromRgba(rgba: Uint8ClampedArray, frames: number): Buffer {
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const cb = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const cr = Buffer.alloc(cb.length);
  for (let i = 0; i < WIDTH * HEIGHT; i++) {
    const [r, g, b] = [rgba[i * 4]!, rgba[i * 4 + 1]!, rgba[i * 4 + 2]!];
    y[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let row = 0; row < HEIGHT / 2; row++) {
    for (let col = 0; col < WIDTH / 2; col++) {
      let sumB = 0;
      let sumR = 0;
      for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        const p = ((row * 2 + dy) * WIDTH + col * 2 + dx) * 4;
        const [r, g, b] = [rgba[p]!, rgba[p + 1]!, rgba[p + 2]!];
        sumB += 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255;
        sumR += 128 + (112 * r - 93.786 * g - 18.214 * b) / 255;
      }
      cb[row * (WIDTH / 2) + col] = Math.round(sumB / 4);
      cr[row * (WIDTH / 2) + col] = Math.round(sumR / 4);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, cb, cr]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420\n`), ...Array.from({ length: frames }, () => frame)]);
}

/** Writes the video and returns its path, for `--use-file-for-fake-video-capture=<path>`. */
export function writeQrVideo(name: string, token: string): string {
  mkdirSync(VIDEO_DIR, { recursive: true });
  const file = path.join(VIDEO_DIR, `${name}.y4m`);
  writeFileSync(file, y4mFromRgba(qrRgba(token), 3));
  return file;
}

export const FAKE_CAMERA_ARGS = (video: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
