/**
 * How an installation reaches the telephone network (电话线路配置), read from the environment so
 * secrets stay out of the database and the repository. No FANGYI_SIP_TRUNK: no phone channel
 * ('sip' campaigns are refused). See README "Real phone calls".
 */
import path from 'node:path';

export interface TelephonyConfig {
  trunk: { host: string; port: number; username?: string; password?: string; domain?: string; callerId?: string };
  /** Where the SIP user agent listens (its Contact) and the address put in SDP for RTP. */
  bindHost: string;
  bindPort: number;
  mediaHost: string;
  rtpPorts: { min: number; max: number };
  /** Calls the trunk carries at once (并发路数). */
  maxCalls: number;
  /** New calls per second the carrier allows (呼叫速率 CPS). */
  callsPerSecond: number;
  ringTimeoutMs: number;
  listenTimeoutMs: number;
  promptCacheDir: string;
  recordingsDir: string;
  /** A speech-recognition model folder; none: keypad answers only. */
  asrModelDir: string | null;
}

export class TelephonyConfigError extends Error {
  constructor(variable: string, expected: string, got: string) {
    super(`${variable} must be ${expected}, got "${got}"`);
    this.name = 'TelephonyConfigError';
  }
}

function integerIn(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new TelephonyConfigError(name, `an integer from ${min} to ${max}`, raw);
  return n;
}

/** host:port (IPv4, a name, or [IPv6]); the port defaults to SIP's 5060 (RFC 3261 §19.1.2). */
export function parseHostPort(name: string, raw: string, defaultPort = 5060): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(raw.trim());
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (!match || port < 1 || port > 65535) throw new TelephonyConfigError(name, 'host or host:port', raw);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function portRange(env: NodeJS.ProcessEnv): { min: number; max: number } {
  const raw = env.FANGYI_RTP_PORTS ?? '20000-29999';
  const match = /^(\d{4,5})-(\d{4,5})$/.exec(raw);
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (!match || min < 1024 || max > 65535 || max - min < 16) throw new TelephonyConfigError('FANGYI_RTP_PORTS', 'a range like 20000-29999 of at least 16 ports', raw);
  return { min, max };
}

/** The installation's telephony settings, or null when no trunk is configured. */
export function loadTelephonyConfig(env: NodeJS.ProcessEnv = process.env, dataDir = path.resolve(env.FANGYI_DATA_DIR ?? 'data')): TelephonyConfig | null {
  const trunkRaw = env.FANGYI_SIP_TRUNK;
  if (!trunkRaw) return null;
  const trunk = parseHostPort('FANGYI_SIP_TRUNK', trunkRaw);
  const bind = parseHostPort('FANGYI_SIP_BIND', env.FANGYI_SIP_BIND ?? '0.0.0.0:5060');
  const mediaHost = env.FANGYI_SIP_MEDIA_HOST ?? (bind.host === '0.0.0.0' ? '127.0.0.1' : bind.host);
  return {
    trunk: {
      ...trunk,
      ...(env.FANGYI_SIP_USERNAME ? { username: env.FANGYI_SIP_USERNAME } : {}),
      ...(env.FANGYI_SIP_PASSWORD ? { password: env.FANGYI_SIP_PASSWORD } : {}),
      ...(env.FANGYI_SIP_DOMAIN ? { domain: env.FANGYI_SIP_DOMAIN } : {}),
      ...(env.FANGYI_SIP_CALLER_ID ? { callerId: env.FANGYI_SIP_CALLER_ID } : {}),
    },
    bindHost: bind.host,
    bindPort: bind.port,
    mediaHost,
    rtpPorts: portRange(env),
    maxCalls: integerIn(env, 'FANGYI_SIP_MAX_CALLS', 100, 1, 5000),
    callsPerSecond: integerIn(env, 'FANGYI_SIP_CPS', 10, 1, 1000),
    ringTimeoutMs: integerIn(env, 'FANGYI_SIP_RING_SECONDS', 45, 5, 180) * 1000,
    listenTimeoutMs: integerIn(env, 'FANGYI_SIP_LISTEN_SECONDS', 8, 2, 60) * 1000,
    promptCacheDir: path.resolve(env.FANGYI_PROMPT_CACHE_DIR ?? path.join(dataDir, 'prompts')),
    recordingsDir: path.resolve(env.FANGYI_RECORDINGS_DIR ?? path.join(dataDir, 'recordings')),
    asrModelDir: env.FANGYI_ASR_MODEL_DIR ? path.resolve(env.FANGYI_ASR_MODEL_DIR) : null,
  };
}
