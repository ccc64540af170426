/** HTTP shape of a stored declaration (the resident's history and the officials' audited read). */
import { z } from 'zod';
import { CONTACTS } from './model.ts';

export const declarationSchema = z.object({
  id: z.string(), personId: z.string(), declaredAt: z.date(), regionCode: z.string(), address: z.string(), phoneMasked: z.string().nullable(),
  temperature: z.number(), symptoms: z.array(z.string()), stayedRegionCodes: z.array(z.string()), contact: z.enum(CONTACTS),
});
