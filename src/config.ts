// Emulator settings, validated with zod: storage, host and ports, TLS, delays, control token, per-provider settings.
import { z } from 'zod'
import { PARSE_ONCE } from './core/parse-once.js'

const port = z.number().int().min(0).max(65535)
const settingValue = z.union([z.boolean(), z.number(), z.string()])

export const providerOptionsSchema = z
  .object({
    enabled: z.boolean().optional(),
    /** The provider's main listener. */
    port: port.optional(),
    /** Extra listeners by name, e.g. { http: 8080 } for redis-enterprise. */
    ports: z.record(z.string(), port).optional(),
    /** TLS on the listeners that use it by default (redis-enterprise 9443). */
    tls: z.boolean().optional(),
    settings: z.record(z.string(), settingValue).optional(),
  })
  .strict()

export const emulatorOptionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).default('./.emulator-data'),
    inMemory: z.boolean().default(false),
    /** Every named delay 0 (explicit `delays` still win). */
    fast: z.boolean().default(false),
    delays: z.record(z.string(), z.number().int().min(0)).default({}),
    /** 0: every listener on a random free port (for test suites). */
    port: z.literal(0).optional(),
    controlToken: z.string().min(1).optional(),
    seedFile: z.string().min(1).optional(),
    bodyLimitBytes: z.number().int().min(1024).default(1024 * 1024),
    /** How many requests GET /_emulator/requests keeps (oldest dropped first). */
    journalSize: z.number().int().min(0).max(100_000).default(1000),
    /** Most bytes of each journalled request and response body; longer bodies are cut (and marked as cut). */
    journalMaxBodyBytes: z.number().int().min(0).max(16 * 1024 * 1024).default(64 * 1024),
    /** Most bytes the whole journal retains (oldest entries dropped first). */
    journalMaxBytes: z.number().int().min(0).max(4 * 1024 * 1024 * 1024).default(32 * 1024 * 1024),
    providers: z.record(z.string(), providerOptionsSchema).default({}),
    /** Back every created database with a real redis-server on 127.0.0.1. */
    realRedis: z.boolean().default(false),
    /** At most this many real servers at once; creating more answers each provider's quota/resources error. */
    realRedisMaxServers: z.number().int().min(1).max(1000).default(16),
    /** The redis-server to run (default: the one on PATH). */
    redisServerPath: z.string().min(1).optional(),
  })
  .strict()

export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>
export type EmulatorConfig = z.output<typeof emulatorOptionsSchema>
export type ProviderOptions = z.infer<typeof providerOptionsSchema>

export class ConfigError extends Error {}

export function parseConfig(options: unknown): EmulatorConfig {
  const result = emulatorOptionsSchema.safeParse(options ?? {}, PARSE_ONCE)
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')
    throw new ConfigError(`invalid emulator options: ${detail}`)
  }
  return result.data
}
