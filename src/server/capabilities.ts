/**
 * Each capability's routes and the prefix it lives under. A new capability adds one line here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import regionRoutes from '../regions/routes.ts';
import peopleRoutes from '../people/routes.ts';
import declarationRoutes from '../codes/declarations/routes.ts';
import colourRoutes from '../codes/colours/routes.ts';
import ruleSetRoutes from '../codes/rulesets/routes.ts';
import trustListRoutes from '../codes/trust-list/routes.ts';
import overrideRoutes from '../codes/overrides/routes.ts';
import guardLookupRoutes from '../codes/overrides/lookup-routes.ts';
import appealRoutes from '../codes/appeals/routes.ts';
import checkpointRoutes from '../codes/checkpoint/routes.ts';
import printedCodeRoutes from '../codes/printed/routes.ts';
import venueRoutes from '../venues/routes.ts';
import checkinRoutes from '../checkins/routes.ts';
import travelRoutes from '../travel/routes.ts';
import monitoringRoutes from '../monitoring/routes.ts';
import resumptionRoutes from '../orgs/resumption/routes.ts';
import noticeRoutes from '../notices/routes.ts';
import orgDailyRoutes from '../orgs/daily/routes.ts';
import orgRoutes from '../orgs/routes.ts';
import callbotRoutes from '../callbot/routes.ts';
import tracingRoutes from '../tracing/routes.ts';
import dashboardRoutes from '../analytics/dashboard/routes.ts';
import tracingImportRoutes from '../tracing/import-routes.ts';
import tracingExportRoutes from '../tracing/export-routes.ts';
import tracingExposureRoutes from '../tracing/exposure-routes.ts';
import clinicRoutes from '../analytics/clinics/routes.ts';
import mapRoutes from '../analytics/maps/routes.ts';

export const capabilityRoutes: { plugin: FastifyPluginAsyncZod; prefix: string }[] = [
  { plugin: regionRoutes, prefix: '/api/regions' },
  { plugin: peopleRoutes, prefix: '/api/people' },
  { plugin: declarationRoutes, prefix: '/api/codes/declarations' },
  { plugin: colourRoutes, prefix: '/api/codes' },
  { plugin: ruleSetRoutes, prefix: '/api/codes/regions' },
  { plugin: trustListRoutes, prefix: '' },
  { plugin: overrideRoutes, prefix: '/api/codes/overrides' },
  { plugin: guardLookupRoutes, prefix: '/api/codes' },
  { plugin: appealRoutes, prefix: '/api/codes/appeals' },
  { plugin: checkpointRoutes, prefix: '/api/codes' },
  { plugin: printedCodeRoutes, prefix: '/api/codes/printed' },
  { plugin: venueRoutes, prefix: '/api/venues' },
  { plugin: checkinRoutes, prefix: '/api/checkins' },
  { plugin: travelRoutes, prefix: '/api/travel' },
  { plugin: monitoringRoutes, prefix: '/api/monitoring' },
  { plugin: resumptionRoutes, prefix: '/api/resumption' },
  { plugin: noticeRoutes, prefix: '/api/notices' },
  { plugin: orgDailyRoutes, prefix: '/api/orgs' },
  { plugin: orgRoutes, prefix: '/api/orgs' },
  { plugin: callbotRoutes, prefix: '/api/callbot' },
  { plugin: tracingRoutes, prefix: '/api/tracing' },
  { plugin: tracingImportRoutes, prefix: '/api/tracing/imports' },
  { plugin: tracingExportRoutes, prefix: '/api/tracing/exports' },
  { plugin: tracingExposureRoutes, prefix: '/api/tracing/exposures' },
  { plugin: dashboardRoutes, prefix: '/api/analytics' },
  { plugin: mapRoutes, prefix: '/api/analytics/map' },
  { plugin: clinicRoutes, prefix: '/api/clinics' },
];
