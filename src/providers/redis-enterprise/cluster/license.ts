// The cluster licence (reference §4): GET /v1/license, PUT /v1/license, and the limits the bdb rules read from it.
import type { Router } from 'express'
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import type { ClusterSettings } from '../cluster.js'
import { allShards } from '../cluster.js'
import { reError } from '../errors.js'
import { wireTime, type Catalogue, type JsonObject, type RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { clusterError } from './errors.js'
import { clusterRecord, draftClusterRecord, sortedKeys, type InstalledLicense } from './state.js'
import { clusterName } from './settings.js'
import { dryRun, emptyOk } from './http.js'
import { logEvent } from '../logs/service.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

/**
 * The emulator's licence key: the real framing (D:requests/license example) around base64 of a JSON document naming
 * the licence terms. Real keys are signed by Redis and cannot be made locally; this format is the emulator's own and
 * is documented in README.md. Fields: shards_limit (required), expiration_date (required, YYYY-MM-DDTHH:MM:SSZ),
 * activation_date, owner, cluster_name, ram_shards_limit, flash_shards_limit, features.
 */
export const LICENSE_START = '----- LICENSE START -----'
export const LICENSE_END = '----- LICENSE END -----'
const WIRE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
// the real trial licence runs 30 days from its activation (captures/license.json)
const TRIAL_DAYS = 30
const DAY_MS = 24 * 3600 * 1000

const termsSchema = lazy(() => z.strictObject({
  shards_limit: z.number().int().min(0),
  expiration_date: z.string().regex(WIRE_TIME),
  activation_date: z.string().regex(WIRE_TIME).optional(),
  owner: z.string().optional(),
  cluster_name: z.string().optional(),
  ram_shards_limit: z.number().int().min(0).optional(),
  flash_shards_limit: z.number().int().min(0).optional(),
  features: z.array(z.string()).optional(),
}))

/** The licence a key text installs, or the reason it is corrupted. */
export function parseLicenseKey(text: string, now: number): InstalledLicense | { problem: string } {
  const lines = text.trim().split(/\r?\n/)
  if (lines.length < 3 || lines[0].trim() !== LICENSE_START || lines[lines.length - 1].trim() !== LICENSE_END) {
    return { problem: `the license must be framed by "${LICENSE_START}" and "${LICENSE_END}" lines` }
  }
  const payload = lines.slice(1, -1).join('').replace(/\s+/g, '')
  let terms: z.infer<ReturnType<typeof termsSchema>>
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) throw new Error('not base64')
    terms = termsSchema().parse(JSON.parse(Buffer.from(payload, 'base64').toString('utf-8')))
  } catch {
    return { problem: 'the license is corrupted' }
  }
  return {
    key: text,
    license: text,
    activation_date: terms.activation_date ?? wireTime(now),
    expiration_date: terms.expiration_date,
    shards_limit: terms.shards_limit,
    ram_shards_limit: terms.ram_shards_limit ?? null,
    flash_shards_limit: terms.flash_shards_limit ?? null,
    features: terms.features ?? [],
    owner: terms.owner ?? null,
    cluster_name: terms.cluster_name ?? null,
  }
}

/** The trial licence a cluster bootstrapped without a key gets (captures/license.json: 30 days, the trial features). */
export function trialLicense(catalogue: Catalogue, settings: ClusterSettings, start: number): InstalledLicense {
  return {
    key: '',
    license: catalogue.license.license as string,
    activation_date: wireTime(start),
    expiration_date: wireTime(start + TRIAL_DAYS * DAY_MS),
    shards_limit: settings.shardsLimit,
    ram_shards_limit: null,
    flash_shards_limit: null,
    features: catalogue.license.features as string[],
    owner: null,
    cluster_name: null,
  }
}

/** Whether the cluster's licence is expired now: an installed one by its date, the start-mode one by the flag. */
export function licenseExpired(settings: ClusterSettings, slice: RedisEnterpriseSlice, now: number): boolean {
  const installed = clusterRecord(slice).license
  if (!installed) return settings.licenseExpired
  return Date.parse(installed.expiration_date) <= now
}

/** The shards the licence allows (a replicated shard counts twice, rules.ts). */
export function shardsLimit(settings: ClusterSettings, slice: RedisEnterpriseSlice): number {
  return clusterRecord(slice).license?.shards_limit ?? settings.shardsLimit
}

/** GET /v1/license in the captured shape (captures/license.json keys, alphabetical). */
export function buildLicense(catalogue: Catalogue, slice: RedisEnterpriseSlice, settings: ClusterSettings, now: number): JsonObject {
  const inUse = allShards(slice, settings.nodes).length
  const installed = clusterRecord(slice).license
  if (!installed) {
    return {
      ...catalogue.license,
      // The captured trial licence expired a month after capture; the start-mode one stays valid unless the
      // license-expired flag says otherwise (then the captured dates are kept).
      expiration_date: settings.licenseExpired ? catalogue.license.expiration_date : '2099-12-31T00:00:00Z',
      expired: settings.licenseExpired,
      ram_shards_in_use: inUse,
      shards_limit: settings.shardsLimit,
    }
  }
  return sortedKeys({
    ...installed,
    expired: licenseExpired(settings, slice, now),
    flash_shards_in_use: 0,
    ram_shards_in_use: inUse,
  } as unknown as JsonObject)
}

// D:requests/license: "a JSON object with a single key named license"
export const putLicenseSchema = lazy(() => z.strictObject({ license: z.string() }))

/** The licence the body installs; throws the documented 400 / 406. */
function checkLicense(services: Services, slice: RedisEnterpriseSlice, body: unknown, now: number): InstalledLicense {
  const parsed = putLicenseSchema().safeParse(body)
  if (!parsed.success) throw reError('bad_request', 'The request must be a JSON object with a single key named license')
  const installed = parseLicenseKey(parsed.data.license, now)
  if ('problem' in installed) throw clusterError('invalid_license', `Invalid license: ${installed.problem}`)
  // 406 "license violation": a key bound to another cluster, or fewer shards than the databases already use
  const name = clusterName(services.catalogue, slice)
  if (installed.cluster_name !== null && installed.cluster_name !== name) {
    throw clusterError('license_violation', `The license is for cluster ${installed.cluster_name}, not ${name}`)
  }
  const inUse = allShards(slice, services.settings.nodes).length
  if (installed.shards_limit < inUse) {
    throw clusterError('license_violation', `The license allows ${installed.shards_limit} shards but ${inUse} are in use`)
  }
  return installed
}

export function licenseRoutes(router: Router, services: Services): void {
  const { catalogue, settings } = services
  router.get('/v1/license', can('view_license'), (_req, res) => {
    res.json(buildLicense(catalogue, readSlice(services), settings, requestNow(res)))
  })
  router.put('/v1/license', can('install_new_license'), async (req, res) => {
    const now = requestNow(res)
    // reference §4: redisctl's `license validate` sends ?dry_run; not documented for this route (INF: check only)
    if (dryRun(req)) {
      checkLicense(services, readSlice(services), req.body ?? {}, now)
      return emptyOk(res)
    }
    await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
      draftClusterRecord(draft).license = checkLicense(services, draft, req.body ?? {}, now)
      // reference-more §12: the event log records a licence update
      logEvent(draft, now, 'license_updated')
    })
    // reference §4: 200 with an empty body on real clusters
    emptyOk(res)
  })
}
