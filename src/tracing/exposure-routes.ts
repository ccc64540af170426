/**
 * Venue exposure notices (场所暴露通知) at /api/tracing/exposures: health officials mark a venue and
 * a time window exposed (the persons who were there are recorded and, when asked, notified), list
 * the exposures of their regions, and list the persons of one, masked. Excel of those persons:
 * POST /api/tracing/exports with kind exposure_persons.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listExposurePersons, listExposures, markVenueExposure } from './exposure-service.ts';
import { EXPOSURE_NOTE_MAX } from './model/exposure.ts';
import { code, idParams, page } from './schemas.ts';

const TAGS = ['tracing'];

export const exposureSchema = z.object({
  id: z.string(), venueId: z.string(), venueName: z.string(), venueKind: z.string(), regionCode: z.string(),
  from: z.date(), to: z.date(), note: z.string().nullable(),
  persons: z.number().describe('Persons whose check-ins overlapped the window'),
  noticeId: z.string().nullable().describe('The notice they were sent; null when not notified (notify false, or nobody was there)'),
  createdAt: z.date(), createdByLabel: z.string(),
});

const personSchema = z.object({
  personId: z.string(), nameMasked: z.string(), phoneMasked: z.string().nullable(), checkedInAt: z.date().describe('First check-in overlapping the window'),
  leaveAt: z.date().describe('Last leave of those check-ins'), colour: z.enum(['green', 'yellow', 'red']).nullable().describe('Health-code colour now'),
});

const exposureRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Mark a venue and a time window exposed (场所暴露; health official of the venue\'s region; audited): everyone whose check-in overlapped it is recorded and, with notify, sent a notice (kind of place and time only)',
      tags: TAGS,
      body: z.object({
        venueId: z.string().max(64), from: z.coerce.date(), to: z.coerce.date().describe('Exclusive; not after now; at most 14 days after from'),
        // Longer notes reach the service, which answers TRACING_EXPOSURE_NOTE_TOO_LONG instead of a generic validation error.
        note: z.string().max(EXPOSURE_NOTE_MAX * 4).nullable().optional().describe(`At most ${EXPOSURE_NOTE_MAX} characters`),
        notify: z.boolean(),
      }),
      response: { 201: exposureSchema },
    },
  }, async (request, reply) => reply.status(201).send(await markVenueExposure(platform, request.actor, request.body)));

  app.get('/', {
    schema: {
      summary: 'Venue exposures of my regions (or one of them), newest marked first (keyset-paginated)', tags: TAGS,
      querystring: z.object({ regionCode: code.optional(), ...page }),
      response: { 200: z.object({ items: z.array(exposureSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listExposures(platform, request.actor, request.query));

  app.get('/:id/persons', {
    schema: {
      summary: 'The persons whose check-ins overlapped an exposure\'s window, masked, earliest arrival first (keyset-paginated)', tags: TAGS,
      params: idParams, querystring: z.object(page),
      response: { 200: z.object({ items: z.array(personSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listExposurePersons(platform, request.actor, request.params.id, request.query));
};

export default exposureRoutes;
