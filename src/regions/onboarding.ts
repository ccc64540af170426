/**
 * City onboarding: a region becomes a tenant with its settings, first admin and signing key.
 * Apart from service.ts because it orchestrates other capabilities (accounts, signing keys) that
 * themselves ask the regions service for names: keeping it here keeps imports one-way.
 */
import { createStaffAccount } from '../accounts/service.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { createSigningKey } from '../codes/signing-keys/service.ts';
import type { Db } from '../db/connection.ts';
import { requireAccess } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import type { Clock } from '../kernel/time.ts';
import { regionFail } from './errors.ts';
import { defaultAdminUsername, defaultTenantSettings, generateAdminPassword, ONBOARDABLE_LEVEL, type OnboardResult } from './model.ts';
import { findRegion, insertTenant } from './store.ts';

export interface OnboardDeps {
  db: Db;
  keyring: Keyring;
  clock: Clock;
}

/**
 * Turns a region (normally a city, e.g. 330100) into a tenant in one transaction: tenant row with
 * default settings, its first admin account (role sysadmin scoped to that region, strong random
 * password returned once, never stored in clear), and an Ed25519 signing key (private key
 * encrypted with encryptField). Audited. Throws REGION_NOT_FOUND / REGION_ALREADY_ONBOARDED /
 * REGION_NOT_ONBOARDABLE. `by` is { system: 'cli' } from the CLI or a sysadmin actor covering the
 * region (national sysadmin 000000 for a new city).
 */
export async function onboardRegion(deps: OnboardDeps, by: AuditActor, regionCode: string, options: { adminUsername?: string } = {}): Promise<OnboardResult> {
  if (!('system' in by)) requireAccess(by, 'region.onboard', regionCode);
  const region = await findRegion(deps.db, regionCode);
  if (!region) throw regionFail('REGION_NOT_FOUND', { code: regionCode });
  if (region.level !== ONBOARDABLE_LEVEL) throw regionFail('REGION_NOT_ONBOARDABLE', { code: regionCode, level: region.level });
  if (region.isTenant) throw regionFail('REGION_ALREADY_ONBOARDED', { code: regionCode });
  const adminUsername = (options.adminUsername ?? defaultAdminUsername(regionCode)).trim().toLowerCase();
  const adminPassword = generateAdminPassword();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const inTrx = { db: trx, keyring: deps.keyring, clock: deps.clock };
      await insertTenant(trx, { regionCode, displayName: region.fullName, settings: defaultTenantSettings() });
      await createStaffAccount(inTrx, by, {
        username: adminUsername, displayName: `${region.fullName}系统管理员`, password: adminPassword,
        roles: [{ role: 'sysadmin', regionCode }],
      });
      const key = await createSigningKey(inTrx, regionCode, 'Ed25519');
      await recordAudit(trx, by, {
        action: 'region.onboard', targetType: 'region', targetId: regionCode, regionCode,
        detail: { adminUsername, signingKeyId: key.kid },
      }, deps.clock);
      return { regionCode, displayName: region.fullName, adminUsername, adminPassword, signingKeyId: key.kid };
    });
  } catch (error) {
    // Two onboardings of one city at once: the loser meets the tenants primary key.
    if ((error as { code?: string; constraint?: string }).constraint === 'tenants_pkey') throw regionFail('REGION_ALREADY_ONBOARDED', { code: regionCode });
    throw error;
  }
}

