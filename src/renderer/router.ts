import { createRouter, createWebHashHistory } from 'vue-router'

// Every screen is its own chunk, fetched when first opened, so the sign-in
// carries none of them: the rapor's charts, the admin's settings, sync and the
// case page stay on disk until someone goes there. The landing route's chunk
// is fetched by the first navigation while the sign-in is on screen.
// Hash history works both from the web host and from file:// in Electron.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/intake' },
    { path: '/intake', name: 'intake', component: () => import('./views/intake/IntakeView.vue') },
    { path: '/cases', name: 'cases', component: () => import('./views/cases/CaseListView.vue') },
    {
      path: '/cases/:id',
      name: 'case',
      component: () => import('./views/cases/CaseView.vue'),
      props: true,
    },
    { path: '/queue', name: 'queue', component: () => import('./views/queue/QueueView.vue') },
    { path: '/admin', name: 'admin', component: () => import('./views/admin/AdminView.vue') },
    { path: '/sync', name: 'sync', component: () => import('./views/sync/SyncView.vue') },
    { path: '/rapor', name: 'rapor', component: () => import('./views/reports/RaporView.vue') },
  ],
})
