import type { RouteRecordRaw } from 'vue-router';
import type { RoleName } from '../../../common/api/me.ts';

/** Who may see a region's aggregated figures (the server's 'region.stats'). */
export const STATS_ROLES: readonly RoleName[] = ['health_official', 'community_worker', 'auditor', 'sysadmin', 'org_admin', 'venue_admin'];

/** 疫情态势: the situation dashboard, a console page for everyone who may see a region's figures. */
export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard', name: 'dashboard', component: () => import('../../views/dashboard-view.vue'),
    meta: { titleKey: 'dashboard.menu.dashboard', roles: [...STATS_ROLES] },
  },
];

/**
 * 指挥大屏: the command screen for a wall display, outside the console layout (no menu, no header)
 * but behind the same staff sign-in. `?region=` picks the region, `?refresh=` the seconds between
 * refreshes (default 30).
 */
export const screenRoutes: RouteRecordRaw[] = [
  {
    path: '/screen', name: 'screen', component: () => import('../../views/dashboard-screen-view.vue'),
    meta: { titleKey: 'dashboard.menu.screen', roles: [...STATS_ROLES] },
  },
];
