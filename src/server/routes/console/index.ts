import type { FastifyPluginAsync } from 'fastify'
import { consoleCaseRoutes } from './cases'
import { consoleIdentityReadRoutes } from './identityReads'
import { consoleRaporRoutes } from './rapor'

// The console's API (`/v1/console/…`): every route says who may call it
// (`preHandler: app.requireRole(…)`), and its shapes are in shared/console.ts
// and shared/consoleReports.ts for the console UI to import.
export const consoleRoutes: FastifyPluginAsync = async (app) => {
  await app.register(consoleCaseRoutes)
  await app.register(consoleRaporRoutes)
  await app.register(consoleIdentityReadRoutes)
}
