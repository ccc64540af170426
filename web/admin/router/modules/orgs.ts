import type { RouteRecordRaw } from 'vue-router';

/** 单位管理: organisations, their units, members, roster import and administrators. */
export const orgsRoutes: RouteRecordRaw[] = [
  {
    path: 'orgs', name: 'orgs', component: () => import('../../views/orgs-list-view.vue'),
    meta: { titleKey: 'orgs.menu.list', roles: ['org_admin', 'community_worker', 'health_official'] },
  },
  {
    path: 'orgs/:id', name: 'org-detail', component: () => import('../../views/orgs-detail-view.vue'),
    meta: { titleKey: 'orgs.list.title', roles: ['org_admin', 'community_worker', 'health_official'], hideInMenu: true, menuParent: 'orgs' },
  },
];
