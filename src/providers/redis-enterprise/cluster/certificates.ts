// Cluster certificates (reference §5.3): GET/PUT /v1/cluster/certificates, the deprecated PUT /v1/cluster/update_cert, DELETE.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import type { Router } from 'express'
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'
import { requestNow } from '../../../core/provider.js'
import { requirePermission as can } from '../auth.js'
import { reError } from '../errors.js'
import type { JsonObject, RedisEnterpriseSlice } from '../model.js'
import { PROVIDER_ID, readSlice, type Services } from '../service.js'
import { clusterError } from './errors.js'
import { emptyOk, param } from './http.js'
import { clusterRecord, draftClusterRecord, sortedKeys } from './state.js'

// D:objects/certificates: the names a cluster knows; the optional ones are not generated and may be deleted
// (redis/docs security/certificates), the others always exist.
export const REQUIRED_CERTIFICATES = ['api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer'] as const
export const OPTIONAL_CERTIFICATES = ['ldap_client', 'mtls_trusted_ca', 'sso_issuer', 'sso_service'] as const
const ALL_CERTIFICATES: readonly string[] = [...REQUIRED_CERTIFICATES, ...OPTIONAL_CERTIFICATES]
// a trusted CA and the SSO issuer are certificates of others: no private key comes with them (INF)
const KEYLESS = new Set(['mtls_trusted_ca', 'sso_issuer'])

export interface CertificatePair {
  certificate: string
  key: string
}

/**
 * The pair installed under a name: the uploaded one, else the default. The captured cluster object shows real proxy and
 * syncer certificates, so those stay the defaults (their keys are not published: the emulator's own key stands in).
 */
export function certificateOf(services: Services, slice: RedisEnterpriseSlice, name: string): CertificatePair {
  const installed = clusterRecord(slice).certificates[name]
  if (installed) return installed
  const fallback = services.catalogue.setup.defaultCertificate
  if (name === 'proxy') return { certificate: services.catalogue.cluster.proxy_certificate as string, key: fallback.key }
  if (name === 'syncer') return { certificate: services.catalogue.cluster.syncer_certificate as string, key: fallback.key }
  return fallback
}

/** GET /v1/cluster/certificates: `<name>_cert` and `<name>_key` for every certificate the cluster has. */
function buildCertificates(services: Services, slice: RedisEnterpriseSlice): JsonObject {
  const out: JsonObject = {}
  const installed = clusterRecord(slice).certificates
  for (const name of ALL_CERTIFICATES) {
    if (!REQUIRED_CERTIFICATES.includes(name as never) && !installed[name]) continue
    const pair = certificateOf(services, slice, name)
    out[`${name}_cert`] = pair.certificate
    if (pair.key) out[`${name}_key`] = pair.key
  }
  return sortedKeys(out)
}

// Built on first use (lazy), never at import: start-up time, issue #20.
export const certificateEntry = lazy(() => z.strictObject({ name: z.string(), certificate: z.string(), key: z.string().optional() }))
// OAS: additionalProperties false
export const putCertificatesSchema = lazy(() => z.strictObject({ certificates: z.array(certificateEntry()).min(1) }))

/** Checks one certificate as the cluster would before installing it (reference §5.3: PEM framing and expiry, INF). */
function checkCertificate(entry: z.infer<ReturnType<typeof certificateEntry>>, now: number): CertificatePair {
  if (!ALL_CERTIFICATES.includes(entry.name)) throw clusterError('unknown_certificate', `Unknown certificate name ${entry.name}`)
  let cert: X509Certificate
  try {
    cert = new X509Certificate(entry.certificate)
  } catch {
    throw clusterError('invalid_certificate', `Certificate ${entry.name} is not a valid PEM certificate`)
  }
  if (Date.parse(cert.validTo) <= now) throw clusterError('certificate_expired', `Certificate ${entry.name} expired on ${cert.validTo}`)
  if (KEYLESS.has(entry.name)) return { certificate: entry.certificate, key: entry.key ?? '' }
  if (entry.key === undefined) throw clusterError('invalid_certificate', `Certificate ${entry.name} needs its private key`)
  try {
    if (!cert.checkPrivateKey(createPrivateKey(entry.key))) throw new Error('mismatch')
  } catch {
    throw clusterError('invalid_certificate', `The key of certificate ${entry.name} is not a valid private key for it`)
  }
  return { certificate: entry.certificate, key: entry.key }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw reError('bad_request', `Invalid request body: ${parsed.error.issues[0].path.join('.') || '(body)'} ${parsed.error.issues[0].message}`)
  return parsed.data
}

async function install(services: Services, entries: z.infer<ReturnType<typeof certificateEntry>>[], now: number): Promise<void> {
  // D:requests/cluster/certificates: every certificate is validated before any is replaced
  const pairs = entries.map((e) => [e.name, checkCertificate(e, now)] as const)
  await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
    const certificates = draftClusterRecord(draft).certificates
    for (const [name, pair] of pairs) certificates[name] = pair
  })
}

export function certificateRoutes(router: Router, services: Services): void {
  router.get('/v1/cluster/certificates', can('view_cluster_info'), (_req, res) => {
    res.json(buildCertificates(services, readSlice(services)))
  })
  // 200 once every node has the certificates; the body is not specified (empty, as the other status-only writes)
  router.put('/v1/cluster/certificates', can('update_cluster'), async (req, res) => {
    await install(services, parseBody(putCertificatesSchema(), req.body).certificates, requestNow(res))
    emptyOk(res)
  })
  // deprecated since 7.22.2, still answered
  router.put('/v1/cluster/update_cert', can('update_cluster'), async (req, res) => {
    await install(services, [parseBody(certificateEntry(), req.body)], requestNow(res))
    emptyOk(res)
  })
  // D:requests/cluster/certificates: only optional certificates can be deleted (403 required, 404 unknown)
  router.delete('/v1/cluster/certificates/:name', can('update_cluster'), async (req, res) => {
    const name = param(req, 'name')
    if (REQUIRED_CERTIFICATES.includes(name as never)) throw clusterError('required_certificate', `Certificate ${name} is required and cannot be deleted`)
    await services.store.mutate<RedisEnterpriseSlice>(PROVIDER_ID, (draft) => {
      if (!OPTIONAL_CERTIFICATES.includes(name as never) || !clusterRecord(draft).certificates[name]) {
        throw clusterError('certificate_not_exist', `Certificate ${name} does not exist`)
      }
      delete draftClusterRecord(draft).certificates[name]
    })
    emptyOk(res)
  })
}
