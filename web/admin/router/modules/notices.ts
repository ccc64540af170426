import type { RouteRecordRaw } from 'vue-router';

/** 疫情通知: officials and community workers publish to regions, org_admins to their organisations. */
const roles = ['health_official', 'community_worker', 'org_admin'] as const;
export const noticesRoutes: RouteRecordRaw[] = [
  { path: 'notices', name: 'notices', component: () => import('../../views/notices-list-view.vue'), meta: { titleKey: 'notices.title', roles: [...roles] } },
  {
    path: 'notices/new', name: 'notice-new', component: () => import('../../views/notices-publish-view.vue'),
    meta: { titleKey: 'notices.publish.title', roles: [...roles], hideInMenu: true, menuParent: 'notices' },
  },
  {
    path: 'notices/:id', name: 'notice-detail', component: () => import('../../views/notices-detail-view.vue'),
    meta: { titleKey: 'notices.detail.title', roles: [...roles], hideInMenu: true, menuParent: 'notices' },
  },
];
