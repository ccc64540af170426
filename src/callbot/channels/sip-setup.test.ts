import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTelephonyConfig } from '../telephony/config.ts';
import { startSipChannel } from './sip-setup.ts';

describe('starting the phone line from the settings', () => {
  it('takes a free port when another process of the installation holds the SIP port, and closes cleanly', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    const held = holder.address().port;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fangyi-sip-setup-'));
    const config = loadTelephonyConfig({ FANGYI_SIP_TRUNK: '127.0.0.1:5999', FANGYI_SIP_BIND: `127.0.0.1:${held}`, FANGYI_SIP_MAX_CALLS: '7' }, dataDir)!;
    const line = await startSipChannel(config);
    try {
      expect(line.localAddress.host).toBe('127.0.0.1');
      expect(line.localAddress.port).not.toBe(held);
      expect(line.localAddress.port).toBeGreaterThan(0);
      expect(line).toMatchObject({ name: 'sip', lines: 7, activeCalls: 0 });
    } finally {
      await line.close();
      holder.close();
    }
  });

  it('stops the start with the setting that is wrong', () => {
    expect(() => loadTelephonyConfig({ FANGYI_SIP_TRUNK: '127.0.0.1', FANGYI_SIP_CPS: 'fast' })).toThrow(/FANGYI_SIP_CPS/);
  });
});
