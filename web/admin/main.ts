import { createApp } from 'vue';
import '../common/base.css';
import './element-styles.ts';
import './styles/console.css';
import App from './App.vue';
import { i18n } from './locales/index.ts';
import { router } from './router/index.ts';

createApp(App).use(i18n).use(router).mount('#app');
