import type { RouteRecordRaw } from 'vue-router';

/**
 * 智能外呼 (screening call robot): campaigns (list, create, live detail, report), scripts, the do-not-call
 * list and the follow-up tasks of abnormal callees. Community workers and officials run campaigns in their
 * region; auditors read campaigns and their reports. The report page loads ECharts, so it is its own chunk.
 */
const RUNNERS = ['community_worker', 'health_official'] as const;
const READERS = ['community_worker', 'health_official', 'auditor'] as const;

export const callbotRoutes: RouteRecordRaw[] = [
  {
    path: 'callbot/campaigns', name: 'callbot-campaigns', component: () => import('../../views/callbot-campaigns-view.vue'),
    meta: { titleKey: 'callbot.menu.campaigns', roles: [...READERS] },
  },
  {
    path: 'callbot/campaigns/new', name: 'callbot-campaign-create', component: () => import('../../views/callbot-campaign-create-view.vue'),
    meta: { titleKey: 'callbot.create.title', roles: [...RUNNERS], hideInMenu: true, menuParent: 'callbot-campaigns' },
  },
  {
    path: 'callbot/campaigns/:id', name: 'callbot-campaign', component: () => import('../../views/callbot-campaign-detail-view.vue'),
    meta: { titleKey: 'callbot.detail.title', roles: [...READERS], hideInMenu: true, menuParent: 'callbot-campaigns' },
  },
  {
    path: 'callbot/campaigns/:id/report', name: 'callbot-report', component: () => import('../../views/callbot-report-view.vue'),
    meta: { titleKey: 'callbot.report.title', roles: [...READERS], hideInMenu: true, menuParent: 'callbot-campaigns' },
  },
  {
    path: 'callbot/tasks', name: 'callbot-tasks', component: () => import('../../views/callbot-tasks-view.vue'),
    meta: { titleKey: 'callbot.menu.tasks', roles: [...RUNNERS] },
  },
  {
    path: 'callbot/scripts', name: 'callbot-scripts', component: () => import('../../views/callbot-scripts-view.vue'),
    meta: { titleKey: 'callbot.menu.scripts', roles: [...RUNNERS] },
  },
  {
    path: 'callbot/dnc', name: 'callbot-dnc', component: () => import('../../views/callbot-dnc-view.vue'),
    meta: { titleKey: 'callbot.menu.dnc', roles: [...RUNNERS] },
  },
];
