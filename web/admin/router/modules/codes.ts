import type { RouteRecordRaw } from 'vue-router';

/** 健康码管理: titles carry the group name because the side menu is flat. */
export const codesRoutes: RouteRecordRaw[] = [
  {
    path: 'codes/rules', name: 'codes-rules', component: () => import('../../views/codes-rules-view.vue'),
    meta: { titleKey: 'codes.rules.title', roles: ['health_official'] },
  },
  {
    path: 'codes/overrides', name: 'codes-overrides', component: () => import('../../views/codes-overrides-view.vue'),
    meta: { titleKey: 'codes.overrides.title', roles: ['health_official'] },
  },
  {
    path: 'codes/appeals', name: 'codes-appeals', component: () => import('../../views/codes-appeals-view.vue'),
    meta: { titleKey: 'codes.appeals.title', roles: ['health_official', 'community_worker'] },
  },
];
