// OCSP (reference §8): GET/PUT /v1/ocsp, GET /v1/ocsp/status, POST /v1/ocsp/test; no real responder is contacted.
import { X509Certificate } from 'node:crypto'
import type { Router } from 'express'
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import type { JsonObject, RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { certificateOf } from './certificates.js'
import { clusterError } from './errors.js'
import { clusterRecord, draftClusterRecord } from './state.js'

// Its zod schemas are built on first use (lazy), not at import: start-up time (issue #20).

/** D:objects/ocsp: responder_url is read-only, taken from the proxy certificate's Authority Information Access. */
export function responderUrl(services: Services, slice: RedisEnterpriseSlice): string {
  try {
    const access = new X509Certificate(certificateOf(services, slice, 'proxy').certificate).infoAccess ?? ''
    return /OCSP - URI:(\S+)/.exec(access)?.[1] ?? ''
  } catch {
    return ''
  }
}

export function buildOcsp(services: Services, slice: RedisEnterpriseSlice): JsonObject {
  return { ...services.catalogue.setup.ocsp, ...clusterRecord(slice).ocsp, responder_url: responderUrl(services, slice) }
}

// D:objects/ocsp ranges
export const putOcspSchema = lazy(() => z.strictObject({
  ocsp_functionality: z.boolean().optional(),
  query_frequency: z.number().int().min(60).max(86400).optional(),
  recovery_frequency: z.number().int().min(60).max(86400).optional(),
  recovery_max_tries: z.number().int().min(1).max(100).optional(),
  response_timeout: z.number().int().min(1).max(60).optional(),
  responder_url: z.string().optional(),
}))

/** RFC 1123 dates, as in the docs' status example. */
const httpDate = (ms: number) => new Date(ms).toUTCString()

function requireResponder(services: Services, slice: RedisEnterpriseSlice): string {
  const url = responderUrl(services, slice)
  if (!url) throw clusterError('no_responder_url', 'The proxy certificate names no OCSP responder URL')
  return url
}

export function ocspRoutes(router: Router, services: Services): void {
  const slice = () => readSlice(services)
  router.get('/v1/ocsp', can('view_ocsp_config'), (_req, res) => {
    res.json(buildOcsp(services, slice()))
  })
  router.put('/v1/ocsp', can('config_ocsp'), async (req, res) => {
    const parsed = putOcspSchema().safeParse(req.body ?? {})
    if (!parsed.success) throw clusterError('invalid_schema', `${parsed.error.issues[0].path.join('.') || '(body)'}: ${parsed.error.issues[0].message}`)
    const { responder_url: url, ...changes } = parsed.data
    const updated = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      if (url !== undefined && url !== responderUrl(services, draft)) throw clusterError('invalid_schema', 'responder_url: a read-only attribute (taken from the proxy certificate)')
      // reference §8: enabling without a responder URL in the proxy certificate is refused
      if (changes.ocsp_functionality) requireResponder(services, draft)
      Object.assign(draftClusterRecord(draft).ocsp, changes)
      return buildOcsp(services, draft)
    })
    res.json(updated)
  })
  router.get('/v1/ocsp/status', can('view_ocsp_status'), (_req, res) => {
    const current = slice()
    const url = requireResponder(services, current)
    // before any query the status is not known (INF)
    const none = { cert_status: 'UNKNOWN', next_update: '', produced_at: '', responder_url: url, revocation_time: '', this_update: '' }
    res.json(clusterRecord(current).ocsp_status ?? none)
  })
  // POST /v1/ocsp/test queries the responder now: the emulated responder knows the proxy certificate as GOOD
  router.post('/v1/ocsp/test', can('test_ocsp_status'), async (_req, res) => {
    const now = requestNow(res)
    const status = await services.store.mutate<RedisEnterpriseSlice, JsonObject>(PROVIDER_ID, (draft) => {
      const url = requireResponder(services, draft)
      const frequency = buildOcsp(services, draft).query_frequency as number
      const answer = { cert_status: 'GOOD', next_update: httpDate(now + frequency * 1000), produced_at: httpDate(now), responder_url: url, revocation_time: '', this_update: httpDate(now) }
      draftClusterRecord(draft).ocsp_status = answer
      return answer
    })
    res.json(status)
  })
}
