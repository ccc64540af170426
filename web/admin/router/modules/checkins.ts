import type { RouteRecordRaw } from 'vue-router';

/**
 * 场所登记: a venue's check-ins (its staff and the area's officials; reached from the venue's page),
 * check-in volumes per district and a person's trajectory (officials).
 */
export const checkinsRoutes: RouteRecordRaw[] = [
  {
    path: 'venues/:id/checkins', name: 'venue-checkins', component: () => import('../../views/venue-checkins-view.vue'),
    meta: { titleKey: 'checkins.venue.title', roles: ['venue_admin', 'guard', 'community_worker', 'health_official'], hideInMenu: true, menuParent: 'venues' },
  },
  {
    path: 'checkins/volumes', name: 'checkins-volumes', component: () => import('../../views/checkins-volumes-view.vue'),
    meta: { titleKey: 'checkins.menu.volumes', roles: ['health_official', 'community_worker'] },
  },
  {
    path: 'checkins/trajectory', name: 'checkins-trajectory', component: () => import('../../views/checkins-trajectory-view.vue'),
    meta: { titleKey: 'checkins.menu.trajectory', roles: ['health_official', 'community_worker'] },
  },
];
