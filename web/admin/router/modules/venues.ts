import type { RouteRecordRaw } from 'vue-router';

/** 场所码: venue lists and registration, the area's approval queue, Excel import; a venue's page is reached from the lists. */
export const venuesRoutes: RouteRecordRaw[] = [
  {
    path: 'venues', name: 'venues', component: () => import('../../views/venues-list-view.vue'),
    meta: { titleKey: 'venues.menu.list', roles: ['venue_admin', 'guard', 'community_worker', 'health_official'] },
  },
  {
    path: 'venues/approval', name: 'venues-approval', component: () => import('../../views/venues-approval-view.vue'),
    meta: { titleKey: 'venues.menu.approval', roles: ['community_worker', 'health_official'] },
  },
  {
    path: 'venues/import', name: 'venues-import', component: () => import('../../views/venues-import-view.vue'),
    meta: { titleKey: 'venues.menu.import', roles: ['community_worker'] },
  },
  {
    path: 'venues/:id', name: 'venue-detail', component: () => import('../../views/venue-detail-view.vue'),
    meta: { titleKey: 'venues.list.title', roles: ['venue_admin', 'guard', 'community_worker', 'health_official'], hideInMenu: true, menuParent: 'venues' },
  },
];
