import type { RouteRecordRaw } from 'vue-router';

export const smsRoutes: RouteRecordRaw[] = [
  {
    path: 'sms-outbox', name: 'sms-outbox', component: () => import('../../views/sms-outbox-view.vue'),
    meta: { titleKey: 'sms.title', roles: ['sysadmin'] },
  },
];
