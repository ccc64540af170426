/**
 * Region coverage by GB/T 2260 code structure: a province code (33 00 00) covers every code that
 * starts with 33, a city (33 01 00) every code that starts with 3301, a district (33 01 02) itself
 * and its 9-digit streets. The national code 000000 covers everything (sysadmin of the platform).
 */
export const NATIONAL_REGION = '000000';

export function regionPrefix(code: string): string {
  if (code === NATIONAL_REGION) return '';
  if (code.length === 9) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function regionCovers(scope: string, target: string): boolean {
  return target.startsWith(regionPrefix(scope));
}

export function coversAny(scopes: readonly string[], target: string): boolean {
  return scopes.some((scope) => regionCovers(scope, target));
}

/** The 6-digit code of the city a region belongs to (for tenant lookup). */
export function cityOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}
