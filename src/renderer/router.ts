import { createRouter, createWebHashHistory } from 'vue-router'
import IntakeView from './views/intake/IntakeView.vue'
import CaseListView from './views/cases/CaseListView.vue'
import CaseView from './views/cases/CaseView.vue'
import QueueView from './views/queue/QueueView.vue'
import AdminView from './views/admin/AdminView.vue'
import SyncView from './views/sync/SyncView.vue'
import RaporView from './views/reports/RaporView.vue'

// Hash history works both from the web host and from file:// in Electron.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/intake' },
    { path: '/intake', name: 'intake', component: IntakeView },
    { path: '/cases', name: 'cases', component: CaseListView },
    { path: '/cases/:id', name: 'case', component: CaseView, props: true },
    { path: '/queue', name: 'queue', component: QueueView },
    { path: '/admin', name: 'admin', component: AdminView },
    { path: '/sync', name: 'sync', component: SyncView },
    { path: '/rapor', name: 'rapor', component: RaporView },
  ],
})
