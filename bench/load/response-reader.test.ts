import { describe, expect, it } from 'vitest';
import { ResponseReader } from './response-reader.ts';

/** Feeds `parts` in order and returns the statuses of the responses they completed. */
function statusesOf(parts: (string | Buffer)[]): number[] {
  const reader = new ResponseReader();
  const statuses: number[] = [];
  for (const part of parts) {
    const chunk = typeof part === 'string' ? Buffer.from(part) : part;
    let offset = 0;
    while (offset < chunk.length) {
      const { consumed, status } = reader.feed(chunk, offset);
      expect(consumed).toBeGreaterThan(0);
      offset += consumed;
      if (status !== undefined) statuses.push(status);
    }
  }
  return statuses;
}

const answer = (status: number, body: string) => `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('ResponseReader', () => {
  it('reads back-to-back responses in one chunk', () => {
    expect(statusesOf([answer(201, '{"a":1}') + answer(409, '{"code":"X"}') + answer(200, '')])).toEqual([201, 409, 200]);
  });

  it('reads a response split anywhere, even inside the head and the body', () => {
    const bytes = Buffer.from(answer(201, '{"venue":"西溪超市"}') + answer(500, 'oops'));
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(statusesOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([201, 500]);
    }
  });

  it('reads chunked bodies, split or not', () => {
    const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n';
    const text = chunked + answer(204, '');
    expect(statusesOf([text])).toEqual([200, 204]);
    for (let cut = 1; cut < text.length; cut++) expect(statusesOf([text.slice(0, cut), text.slice(cut)])).toEqual([200, 204]);
  });

  it('does not finish a response before its body has arrived', () => {
    expect(statusesOf([answer(201, 'x'.repeat(100)).slice(0, -1)])).toEqual([]);
  });

  it('refuses what is not HTTP', () => {
    expect(() => statusesOf(['SSH-2.0-OpenSSH\r\n\r\n'])).toThrow(/not an HTTP response/);
  });
});
