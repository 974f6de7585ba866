// The stored cluster record (state.ts) as validateSlice checks it: a seed or state import cannot break later requests.
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { ROLES } from '../model.js'
import { BOOTSTRAP_ACTIONS, BOOTSTRAP_STATES } from './state.js'

// Every schema here is built on first use (lazy), never at import: start-up time, issue #20.
// A JSON value refers to itself: the z.lazy inside the builder breaks that recursion.
const json = lazy(() => {
  const value: z.ZodType<unknown> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(value), z.record(z.string(), value)]))
  return value
})
const jsonObject = lazy(() => z.record(z.string(), json()))
const wireTime = lazy(() => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/))

const license = lazy(() => z.strictObject({
  key: z.string(),
  license: z.string(),
  activation_date: wireTime(),
  expiration_date: wireTime(),
  shards_limit: z.number().int().min(0),
  ram_shards_limit: z.number().int().min(0).nullable(),
  flash_shards_limit: z.number().int().min(0).nullable(),
  features: z.array(z.string()),
  owner: z.string().nullable(),
  cluster_name: z.string().nullable(),
}))

const suffix = lazy(() => z.strictObject({
  default: z.boolean(),
  internal: z.boolean(),
  mdns: z.boolean(),
  name: z.string().min(1),
  slaves: z.array(z.string()),
  use_aaaa_ns: z.boolean(),
}))

const user = lazy(() => z.looseObject({ uid: z.number().int().min(1), email: z.string().min(1), role: z.enum(ROLES), role_uids: z.array(z.number().int()) }))

const bootstrap = lazy(() => z.strictObject({
  action: z.enum(BOOTSTRAP_ACTIONS).optional(),
  state: z.enum(BOOTSTRAP_STATES),
  start_time: wireTime().optional(),
  end_time: wireTime().optional(),
  error_code: z.string().optional(),
  error_details: z.strictObject({ message: z.string() }).optional(),
  attempt: z.number().int().min(0),
  failure: z.strictObject({ error_code: z.string(), message: z.string() }).optional(),
  outcome: z
    .strictObject({
      admin: user(),
      password: z.string().min(1),
      cluster: jsonObject(),
      policy: jsonObject(),
      license: license(),
      suffixes: z.array(suffix()),
      node: jsonObject(),
    })
    .optional(),
}))

const operatingMode = lazy(() => z.strictObject({ operating_mode: z.enum(['enabled', 'disabled']) }))
const pem = lazy(() => z.string().includes('-----BEGIN '))

export const clusterRecordSchema = lazy(() => z.strictObject({
  bootstrap: bootstrap().optional(),
  cluster: jsonObject(),
  policy: jsonObject(),
  services: z.record(z.string(), operatingMode()),
  certificates: z.record(z.string(), z.strictObject({ certificate: pem(), key: z.string() })),
  license: license().optional(),
  ocsp: jsonObject(),
  ocsp_status: jsonObject().optional(),
  proxies: z.record(z.string().regex(/^[1-9]\d*$/), jsonObject()),
  suffixes: z.array(suffix()).min(1).optional(),
  node: jsonObject(),
}))

/** The stored suffix and licence records, reused by the response schemas (responses.ts). */
export { suffix as storedSuffix, license as storedLicense }
