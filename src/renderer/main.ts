import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { createApiClient, pickInvoke } from './api/client'
import { i18n } from './i18n'
import { router } from './router'
import { apiKey } from './stores/api'
import './styles.css'

createApp(App)
  .use(createPinia())
  .use(router)
  .use(i18n)
  .use(ElementPlus)
  .provide(apiKey, createApiClient(pickInvoke()))
  .mount('#app')
