import { createApp } from 'vue';
import '../common/base.css';
import './vant-styles.ts';
import './styles/app.css';
import './styles/elder-mode.css';
import App from './App.vue';
import { applyElderMode } from './composables/use-elder-mode.ts';
import { i18n } from './locales/index.ts';
import { router } from './router/index.ts';

applyElderMode();
createApp(App).use(i18n).use(router).mount('#app');
