/**
 * The file of a multipart/form-data upload (pure): the first part with a filename (or named
 * "file"), as bytes. Enough for the console's one-file import form without a multipart dependency;
 * the import also takes the file itself as the body (content-type .xlsx / text/csv / octet-stream).
 */

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2])!.trim() : undefined;
}

export function multipartFile(body: Buffer, boundary: string): { filename: string | null; bytes: Buffer } | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headerStart = at + delimiter.length + 2; // CRLF after the delimiter
    if (body.subarray(at + delimiter.length, at + delimiter.length + 2).toString() === '--') return undefined;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return undefined;
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const filename = /filename\*?="?([^";\r\n]*)"?/i.exec(disposition)?.[1] ?? null;
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== null || name === 'file') return { filename, bytes: body.subarray(headerEnd + 4, next) };
    at = next + 2;
  }
  return undefined;
}
