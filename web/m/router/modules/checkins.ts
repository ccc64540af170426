import type { RouteRecordRaw } from 'vue-router';

/**
 * 场所登记: /v/<token> is what a venue poster's QR opens (the server answers it with this app, and
 * the router then shows it as /m/v/<token>); /venue-scan is the in-app scanner (场所扫码) that leads
 * there; 我的行程 lists the last 14 days.
 */
export const checkinRoutes: RouteRecordRaw[] = [
  { path: '/v/:token', name: 'venue-checkin', component: () => import('../../views/venue-checkin-view.vue'), meta: { titleKey: 'checkins.venue.title' } },
  { path: '/venue-scan', name: 'venue-scan', component: () => import('../../views/venue-scan-view.vue'), meta: { titleKey: 'checkins.venueScan.title' } },
  { path: '/trips', name: 'trips', component: () => import('../../views/trips-view.vue'), meta: { titleKey: 'checkins.trips.title' } },
];
