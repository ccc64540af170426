/**
 * What a venue shows to be scanned: the print-ready A4 poster (场所码海报), the full-screen daily
 * code page (每日动态码), and the bare QR as PNG or SVG. The QR holds `<public URL>/v/<token>`
 * (about 75 characters: QR version 5–6 at level Q, which survives a scuffed or dirty poster).
 * No script; one stylesheet allowed by its hash in the page's CSP.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { VENUE_KIND_NAMES, type VenueKind } from './model.ts';

const QR_OPTIONS = { errorCorrectionLevel: 'Q' as const, margin: 4 };

const POSTER_STYLE = [
  '@page{size:A4;margin:0}',
  '*{box-sizing:border-box}',
  'html,body{margin:0}',
  'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#111;background:#fff}',
  '.sheet{width:210mm;height:297mm;margin:0 auto;padding:14mm 16mm;display:flex;flex-direction:column;align-items:center;text-align:center;overflow:hidden}',
  '.band{width:100%;background:#0a7a3d;color:#fff;border-radius:4mm;padding:5mm 0;font-size:26pt;font-weight:bold;letter-spacing:6pt}',
  'h1{font-size:30pt;line-height:1.25;margin:9mm 0 2mm;word-break:break-all}',
  '.kind{font-size:13pt;color:#555;margin:0}',
  '.qr{margin:6mm 0 2mm;width:128mm;height:128mm}',
  '.qr svg{width:100%;height:100%;display:block}',
  '.scan{font-size:26pt;font-weight:bold;margin:2mm 0 1mm}',
  '.scan-en{font-size:12pt;color:#555;margin:0 0 5mm}',
  'ol{text-align:left;font-size:12pt;line-height:1.7;margin:0 0 4mm;padding-left:6mm}',
  '.meta{margin-top:auto;width:100%;border-top:1px solid #bbb;padding-top:4mm;display:grid;grid-template-columns:auto 1fr;gap:1mm 4mm;text-align:left;font-size:11pt}',
  '.meta dt{color:#555}.meta dd{margin:0}',
  '.number{font-size:16pt;font-weight:bold;letter-spacing:1pt}',
  '.note{font-size:9pt;color:#666;margin:3mm 0 0}',
  '@media screen{body{background:#e5e5e5}.sheet{margin:8mm auto;box-shadow:0 1mm 4mm rgba(0,0,0,.2);background:#fff}}',
].join('');

const SCREEN_STYLE = [
  'html,body{margin:0;height:100%}',
  'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#0a7a3d;color:#fff;display:flex;align-items:center;justify-content:center}',
  'main{text-align:center;padding:3vmin}',
  'h1{font-size:6vmin;margin:0 0 2vmin}',
  '.qr{background:#fff;border-radius:2vmin;padding:1vmin;width:62vmin;height:62vmin;margin:0 auto}',
  '.qr svg{width:100%;height:100%;display:block}',
  '.scan{font-size:5vmin;font-weight:bold;margin:2vmin 0 1vmin}',
  '.day{font-size:3vmin;margin:0;opacity:.9}',
].join('');

const cspFor = (style: string) =>
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

/** The poster's and the screen page's CSP: nothing loads, only the page's own stylesheet applies. */
export const POSTER_CSP = cspFor(POSTER_STYLE);
export const SCREEN_CSP = cspFor(SCREEN_STYLE);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The URL a venue's QR opens: the resident app's check-in page for that token. */
export function venueUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/v/${token}`;
}

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: 'svg' });
}

/** A PNG of the QR, 1024 px wide: sharp when printed on anything up to A3. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTIONS, type: 'png', width: 1024 });
}

export interface PosterInput {
  url: string;
  name: string;
  kind: VenueKind;
  number: string;
  regionName: string;
  address: string;
}

export async function renderPoster(input: PosterInput): Promise<string> {
  const svg = await qrSvg(input.url);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=820"><title>场所码 ${escapeHtml(input.number)}</title><style>${POSTER_STYLE}</style></head>
<body><div class="sheet">
<div class="band">场 所 码</div>
<h1 data-testid="venue-name">${escapeHtml(input.name)}</h1>
<p class="kind">${escapeHtml(VENUE_KIND_NAMES[input.kind])}</p>
<div class="qr" role="img" aria-label="场所码二维码 venue QR code">${svg}</div>
<p class="scan">请使用手机扫码登记</p>
<p class="scan-en">Scan with your phone camera to check in</p>
<ol>
<li>打开手机相机、微信或支付宝“扫一扫”，扫描上方二维码</li>
<li>登录后点击“登记”，可同时为同行家属登记</li>
<li>向工作人员出示登记成功页面</li>
</ol>
<dl class="meta">
<dt>场所编号</dt><dd class="number" data-testid="venue-number">${escapeHtml(input.number)}</dd>
<dt>所属区划</dt><dd>${escapeHtml(input.regionName)}</dd>
<dt>地址</dt><dd>${escapeHtml(input.address)}</dd>
</dl>
<p class="note">本码仅限本场所使用。如二维码损坏或被冒用，请联系场所管理员更换。</p>
</div></body></html>
`;
}

export interface ScreenInput {
  url: string;
  name: string;
  number: string;
  /** The Shanghai day the code is for, YYYY-MM-DD. */
  day: string;
  /** Seconds until the page reloads itself (just after midnight, or sooner). */
  refreshSeconds: number;
}

/** The full-screen daily code: it reloads itself after midnight (meta refresh, no script) and shows the new day's code. */
export async function renderScreen(input: ScreenInput): Promise<string> {
  const svg = await qrSvg(input.url);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${Math.max(5, Math.round(input.refreshSeconds))}">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>每日场所码 ${escapeHtml(input.number)}</title><style>${SCREEN_STYLE}</style></head>
<body><main>
<h1 data-testid="venue-name">${escapeHtml(input.name)}</h1>
<div class="qr" role="img" aria-label="当日场所码 today's venue code">${svg}</div>
<p class="scan">请使用手机扫码登记</p>
<p class="day" data-testid="code-day">${escapeHtml(input.day)} 当日有效 · ${escapeHtml(input.number)}</p>
</main></body></html>
`;
}
