import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createApiClient, pickInvoke } from './api/client'
import { i18n, translateKey } from './i18n'
import { router } from './router'
import { apiKey } from './stores/api'
import { useSessionStore } from './stores/session'
import './styles.css'

const pinia = createPinia()
const session = useSessionStore(pinia)

createApp(App)
  .use(pinia)
  .use(router)
  .use(i18n)
  // A call refused for want of a session shows the sign-in again; what was typed stays.
  .provide(
    apiKey,
    createApiClient(pickInvoke(), () => session.signedOut(), translateKey),
  )
  .mount('#app')
