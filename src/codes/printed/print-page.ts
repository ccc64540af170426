/**
 * The printable page of a printed code (关爱码): A5 (fits A4 too), the QR as inline SVG, the
 * masked name, the issuing office, valid-until, and a note that the colour is checked at the
 * gate — no colour is printed. No script, one stylesheet allowed by its hash in the page's CSP.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

const STYLE = [
  '@page{size:A5;margin:12mm}',
  'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111}',
  'main{max-width:128mm;margin:0 auto;text-align:center}',
  'h1{font-size:20pt;margin:4mm 0 1mm}',
  '.sub{font-size:10pt;color:#555;margin:0 0 4mm}',
  '.qr svg{width:88mm;height:88mm}',
  '.name{font-size:22pt;font-weight:bold;margin:2mm 0}',
  'dl{display:grid;grid-template-columns:auto 1fr;gap:1mm 4mm;text-align:left;font-size:11pt;margin:4mm auto;max-width:110mm}',
  'dt{color:#555}dd{margin:0}',
  '.note{border:1px solid #999;border-radius:2mm;padding:3mm;font-size:10pt;text-align:left}',
].join('');

/** The page's CSP: nothing loads, only this stylesheet applies. */
export const PRINT_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function formatShanghai(at: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

export interface PrintPageInput {
  token: string;
  maskedName: string;
  issuingOffice: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Base45 tokens are QR alphanumeric text: encoding them in that mode keeps the code small (version ≤ 8-M). */
export async function qrSvg(token: string): Promise<string> {
  return QRCode.toString([{ data: token, mode: 'alphanumeric' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function renderPrintPage(input: PrintPageInput): Promise<string> {
  const svg = await qrSvg(input.token);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>关爱码 Printed health code</title><style>${STYLE}</style></head>
<body><main>
<h1>防疫关爱码</h1>
<p class="sub">Printed health code · 请随身携带，出示给门岗扫码</p>
<div class="qr" role="img" aria-label="关爱码二维码">${svg}</div>
<p class="name">${escapeHtml(input.maskedName)}</p>
<dl>
<dt>有效期至</dt><dd data-testid="valid-until">${escapeHtml(formatShanghai(input.expiresAt))}</dd>
<dt>签发时间</dt><dd>${escapeHtml(formatShanghai(input.issuedAt))}</dd>
<dt>签发单位</dt><dd>${escapeHtml(input.issuingOffice)}</dd>
</dl>
<p class="note">本码不显示颜色：健康码颜色在扫码时实时核验。如遗失请联系签发单位撤销。<br>This card shows no colour: the health-code colour is checked live at each scan. If lost, ask the issuing office to revoke it.</p>
</main></body></html>
`;
}
