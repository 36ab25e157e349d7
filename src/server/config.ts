import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'

/** Names Fastify's proxy-addr knows for whole private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** An address, a CIDR range or a range name, as Fastify's trustProxy takes it. */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true
  const [address = '', bits, ...more] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || more.length > 0) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

// Which hops may say who the client is (X-Forwarded-For). Hop counts are left
// out: Fastify no longer accepts them, since they let a direct client lie.
const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): boolean | string[] => {
    if (value === '' || value === 'false') return false
    if (value === 'true') return true
    const entries = value.split(',').map((e) => e.trim())
    const bad = entries.filter((e) => !isProxyAddress(e))
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          `bukan alamat atau rentang proksi / not a proxy address or range: ${bad.join(', ')} ` +
          '(isi "false", "true", atau daftar alamat/CIDR dipisah koma, misalnya ' +
          '/ use "false", "true", or comma-separated addresses/CIDRs, e.g. "127.0.0.1,10.0.0.0/8")',
      })
      return z.NEVER
    }
    return entries
  })

// Configuration comes from the environment, validated once at start.
const envSchema = z.object({
  LOKET_SERVER_HOST: z.string().default('127.0.0.1'),
  LOKET_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(5180),
  /** Where the embedded database and the attachments live. */
  LOKET_SERVER_DATA: z.string().default('.loket-server'),
  /** postgres://… selects PostgreSQL; without it the server uses SQLite in the data folder. */
  DATABASE_URL: z.string().optional(),
  /**
   * The server data key(s), base64, the first sealing (src/server/central/dataKey.ts);
   * or a file holding them. With neither, the data folder's server.key, made on first start.
   */
  LOKET_SERVER_KEY: z.string().optional(),
  LOKET_SERVER_KEY_FILE: z.string().optional(),
  LOKET_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Requests per minute per client address. */
  LOKET_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  /** Enrolment attempts per minute per client address (codes are guessable only by brute force). */
  LOKET_ENROL_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Public status look-ups per minute per client address. */
  LOKET_STATUS_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  /**
   * Whose X-Forwarded-For to believe: "false" (the socket's address is the
   * client), "true" (any hop: only when nothing but the proxy can reach the
   * server) or the proxy's addresses/CIDRs, comma-separated.
   */
  LOKET_TRUST_PROXY: trustProxySchema,
})

export interface ServerConfig {
  host: string
  port: number
  dataDir: string
  databaseUrl: string | undefined
  /** The server data key(s) as given in the environment, else the key file's path, else neither. */
  serverKey: string | undefined
  serverKeyFile: string | undefined
  logLevel: string
  rateLimit: number
  statusRateLimit: number
  enrolRateLimit: number
  /** Fastify's trustProxy: the client address (and so the rate-limit bucket) comes from these hops. */
  trustProxy: boolean | string[]
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
    serverKey: e.LOKET_SERVER_KEY || undefined,
    serverKeyFile: e.LOKET_SERVER_KEY_FILE ? resolve(e.LOKET_SERVER_KEY_FILE) : undefined,
    logLevel: e.LOKET_LOG_LEVEL,
    rateLimit: e.LOKET_RATE_LIMIT,
    statusRateLimit: e.LOKET_STATUS_RATE_LIMIT,
    enrolRateLimit: e.LOKET_ENROL_RATE_LIMIT,
    trustProxy: e.LOKET_TRUST_PROXY,
  }
}
