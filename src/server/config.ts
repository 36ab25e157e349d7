import { resolve } from 'node:path'
import { z } from 'zod'

// Configuration comes from the environment, validated once at start.
const envSchema = z.object({
  LOKET_SERVER_HOST: z.string().default('127.0.0.1'),
  LOKET_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(5180),
  /** Where the embedded database and the attachments live. */
  LOKET_SERVER_DATA: z.string().default('.loket-server'),
  /** postgres://… selects PostgreSQL; without it the server uses SQLite in the data folder. */
  DATABASE_URL: z.string().optional(),
  LOKET_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Requests per minute per client address. */
  LOKET_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  /** Enrolment attempts per minute per client address (codes are guessable only by brute force). */
  LOKET_ENROL_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Public status look-ups per minute per client address. */
  LOKET_STATUS_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
})

export interface ServerConfig {
  host: string
  port: number
  dataDir: string
  databaseUrl: string | undefined
  logLevel: string
  rateLimit: number
  statusRateLimit: number
  enrolRateLimit: number
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(
      `Konfigurasi server tidak valid / invalid server configuration:\n${problems.join('\n')}`,
    )
  }
  const e = parsed.data
  return {
    host: e.LOKET_SERVER_HOST,
    port: e.LOKET_SERVER_PORT,
    dataDir: resolve(e.LOKET_SERVER_DATA),
    databaseUrl: e.DATABASE_URL || undefined,
    logLevel: e.LOKET_LOG_LEVEL,
    rateLimit: e.LOKET_RATE_LIMIT,
    statusRateLimit: e.LOKET_STATUS_RATE_LIMIT,
    enrolRateLimit: e.LOKET_ENROL_RATE_LIMIT,
  }
}
