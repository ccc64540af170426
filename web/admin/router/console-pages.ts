/** The pages inside the console layout, in menu order (the side menu is built from this list). */
import type { RouteRecordRaw } from 'vue-router';
import { overviewRoutes } from './modules/overview.ts';
import { dashboardRoutes } from './modules/dashboard.ts';
import { smsRoutes } from './modules/sms.ts';
import { codesRoutes } from './modules/codes.ts';
import { venuesRoutes } from './modules/venues.ts';
import { checkinsRoutes } from './modules/checkins.ts';
import { noticesRoutes } from './modules/notices.ts';
import { dailyRoutes } from './modules/daily.ts';
import { orgsRoutes } from './modules/orgs.ts';
import { travelRoutes } from './modules/travel.ts';
import { monitoringRoutes } from './modules/monitoring.ts';
import { callbotRoutes } from './modules/callbot.ts';
import { tracingRoutes } from './modules/tracing.ts';
import { clinicsRoutes } from './modules/clinics.ts';

export const consolePages: RouteRecordRaw[] = [...overviewRoutes, ...dashboardRoutes, ...codesRoutes, ...venuesRoutes, ...checkinsRoutes, ...orgsRoutes, ...dailyRoutes, ...travelRoutes, ...tracingRoutes, ...clinicsRoutes, ...monitoringRoutes, ...callbotRoutes, ...noticesRoutes, ...smsRoutes];
