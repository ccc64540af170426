import { describe, expect, it } from 'vitest';
import { loadTelephonyConfig, parseHostPort, TelephonyConfigError } from './config.ts';

describe('telephony configuration', () => {
  it('is off without a trunk', () => {
    expect(loadTelephonyConfig({})).toBeNull();
  });

  it('reads the trunk, credentials, limits and folders', () => {
    const config = loadTelephonyConfig({
      FANGYI_SIP_TRUNK: 'trunk.example.cn:5080', FANGYI_SIP_USERNAME: 'u', FANGYI_SIP_PASSWORD: 'p', FANGYI_SIP_CALLER_ID: '057188880000',
      FANGYI_SIP_BIND: '127.0.0.1:5070', FANGYI_RTP_PORTS: '30000-30999', FANGYI_SIP_MAX_CALLS: '500', FANGYI_SIP_CPS: '50',
    }, '/srv/fangyi/data');
    expect(config).toMatchObject({
      trunk: { host: 'trunk.example.cn', port: 5080, username: 'u', password: 'p', callerId: '057188880000' },
      bindHost: '127.0.0.1', bindPort: 5070, mediaHost: '127.0.0.1', rtpPorts: { min: 30000, max: 30999 }, maxCalls: 500, callsPerSecond: 50,
      ringTimeoutMs: 45_000, promptCacheDir: '/srv/fangyi/data/prompts', recordingsDir: '/srv/fangyi/data/recordings', asrModelDir: null,
    });
  });

  it('defaults the SIP port to 5060 and understands IPv6 literals', () => {
    expect(parseHostPort('X', '10.0.0.1')).toEqual({ host: '10.0.0.1', port: 5060 });
    expect(parseHostPort('X', '[::1]:5062')).toEqual({ host: '::1', port: 5062 });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadTelephonyConfig({ FANGYI_SIP_TRUNK: 'a b' })).toThrow(/FANGYI_SIP_TRUNK/);
    expect(() => loadTelephonyConfig({ FANGYI_SIP_TRUNK: 'h', FANGYI_SIP_MAX_CALLS: '0' })).toThrow(TelephonyConfigError);
    expect(() => loadTelephonyConfig({ FANGYI_SIP_TRUNK: 'h', FANGYI_RTP_PORTS: '30000-30001' })).toThrow(/FANGYI_RTP_PORTS/);
    expect(() => loadTelephonyConfig({ FANGYI_SIP_TRUNK: 'h:70000' })).toThrow(/FANGYI_SIP_TRUNK/);
  });
});
