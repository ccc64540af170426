import { z } from 'zod';
import { ROLES } from '../kernel/access.ts';

export const meSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['resident', 'staff']),
  displayName: z.string(),
  username: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  personId: z.string().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), regionCode: z.string(), regionName: z.string() })),
  csrfToken: z.string(),
});

export const phoneField = z.string().trim().min(1).max(20).describe('Mainland mobile number, 11 digits');
export const otpField = z.string().trim().regex(/^[0-9]{6}$/, '6 digits');

export const roleGrantSchema = z.object({ role: z.enum(ROLES), regionCode: z.string().regex(/^[0-9]{6}([0-9]{3})?$/) });
