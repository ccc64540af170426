import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('public base URL (venue posters point at <url>/v/<token>)', () => {
  it('defaults to localhost on the configured port', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '9000' }).publicBaseUrl).toBe('http://localhost:9000');
  });

  it('takes FANGYI_PUBLIC_URL without trailing slashes, and refuses what is not an http(s) URL', () => {
    expect(loadConfig({ FANGYI_PUBLIC_URL: 'https://fangyi.example.gov.cn/' }).publicBaseUrl).toBe('https://fangyi.example.gov.cn');
    expect(loadConfig({ FANGYI_PUBLIC_URL: 'https://example.org/fangyi//' }).publicBaseUrl).toBe('https://example.org/fangyi');
    expect(() => loadConfig({ FANGYI_PUBLIC_URL: 'fangyi.example' })).toThrow(/FANGYI_PUBLIC_URL/);
    expect(() => loadConfig({ FANGYI_PUBLIC_URL: 'ftp://example.org' })).toThrow(/FANGYI_PUBLIC_URL/);
    expect(() => loadConfig({ FANGYI_PUBLIC_URL: 'https://example.org/?a=1' })).toThrow(/FANGYI_PUBLIC_URL/);
  });
});
