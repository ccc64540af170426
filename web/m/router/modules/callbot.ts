import type { RouteRecordRaw } from 'vue-router';

/** 智能外呼·聊天接听: answering the screening robot by typing; open to anyone holding the link (no sign-in). */
export const callbotRoutes: RouteRecordRaw[] = [
  { path: '/call/:token', name: 'call-chat', component: () => import('../../views/call-chat-view.vue'), meta: { titleKey: 'callbot.title', public: true } },
];
