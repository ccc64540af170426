import type { RouteRecordRaw } from 'vue-router';

/**
 * 流调 (contact tracing), one menu group: cases with their detail and transmission chain, venue
 * exposures and the city's tracing parameters for health officials; the contact list (密接名单) for
 * officials and community workers, who follow up the contacts living in their streets.
 */
export const tracingRoutes: RouteRecordRaw[] = [
  {
    path: 'tracing/cases', name: 'tracing-cases', component: () => import('../../views/tracing/tracing-cases-view.vue'),
    meta: { titleKey: 'tracing.menu.cases', roles: ['health_official'], menuGroup: 'tracing' },
  },
  {
    path: 'tracing/cases/:id', name: 'tracing-case', component: () => import('../../views/tracing/tracing-case-detail-view.vue'),
    meta: { titleKey: 'tracing.menu.case', roles: ['health_official'], hideInMenu: true, menuParent: 'tracing-cases' },
  },
  {
    path: 'tracing/contacts', name: 'tracing-contacts', component: () => import('../../views/tracing/tracing-contacts-view.vue'),
    meta: { titleKey: 'tracing.menu.contacts', roles: ['health_official', 'community_worker'], menuGroup: 'tracing' },
  },
  {
    path: 'tracing/exposures', name: 'tracing-exposures', component: () => import('../../views/tracing/tracing-exposures-view.vue'),
    meta: { titleKey: 'tracing.menu.exposures', roles: ['health_official'], menuGroup: 'tracing' },
  },
  {
    path: 'tracing/settings', name: 'tracing-settings', component: () => import('../../views/tracing/tracing-settings-view.vue'),
    meta: { titleKey: 'tracing.menu.settings', roles: ['health_official'], menuGroup: 'tracing' },
  },
];
