// The bodies KakaoCloud's routes answer, as zod schemas for the OpenAPI document (issue #19): each one describes what
// the code beside it builds (model.ts records, auth.ts tokenBody, errors.ts renderError). Built on demand, never at
// import: the document is assembled only when asked for.
import { z } from 'zod'
import { KcErrors, KEYSTONE_TITLES, type KcErrorCode } from './errors.js'
import { backupRecord, clusterRecord, parameterGroupRecord } from './schemas.js'

/** seed 001 "Retrieve cluster details": the stored record is the wire shape (schemas.ts, strict, with its statuses). */
export function clusterBody() {
  return clusterRecord().extend({
    createdAt: z.string().meta({ description: 'RFC3339 with whole seconds (reference §3: quoted, not the docs’ bare value)' }),
  })
}

export const clusterListBody = () => z.object({ clusters: z.array(clusterBody()) }).meta({ description: 'seed 001: {"clusters": [...]}, clusters and instance sets of the project' })

export const versionsBody = () => z.array(z.string()).meta({ description: 'seed 001: a bare JSON array of engine versions' })

export const flavorsBody = () =>
  z.object({ flavors: z.array(z.object({ id: z.string(), name: z.string(), vcpus: z.number().int(), memory: z.number().int().meta({ description: 'GiB' }) })) })

/** reference §4: the list shape was not retrieved; the emulator answers the records it stores (inferred). */
export const parameterGroupListBody = () => z.object({ parameterGroups: z.array(parameterGroupRecord()) })

export const backupListBody = () => z.object({ backups: z.array(backupRecord()) })

/** reference §4 / seed 001: create, delete and apply calls answer the object's id. */
export const objectIdBody = () => z.object({ objectId: z.string() })

// ---- the Keystone token body (auth.ts tokenBody; reference §1 [SDK model_token.go]) ----

export function tokenResponseBody() {
  const keystoneDomain = z.object({ id: z.string(), name: z.string() }).nullable()
  const endpoint = z.object({ id: z.string(), interface: z.literal('public'), region_id: z.string(), region: z.string(), url: z.string() })
  return z.object({
    token: z.object({
      methods: z.array(z.literal('application_credential')),
      user: z.object({ domain: keystoneDomain, id: z.string(), name: z.string(), password_expires_at: z.null() }),
      audit_ids: z.array(z.string()),
      expires_at: z.string().meta({ description: 'Keystone time with microseconds: 2026-01-15T22:00:00.000000Z' }),
      issued_at: z.string(),
      project: z.object({ domain: keystoneDomain, id: z.string(), name: z.string() }),
      is_domain: z.literal(false),
      roles: z.array(z.object({ id: z.string(), name: z.string() })),
      catalog: z.array(z.object({ endpoints: z.array(endpoint), id: z.string(), type: z.string(), name: z.string() })),
      application_credential: z.object({ id: z.string(), name: z.string(), restricted: z.boolean() }),
    }),
  })
}

// ---- the two error envelopes (errors.ts renderError) ----

/** reference §7 [INF]: MemStore's {"error": {"code": "<string>", "message"}}, any of the catalogue's codes. */
export const memstoreErrorBody = () =>
  z.object({ error: z.object({ code: z.enum(Object.keys(KcErrors) as [KcErrorCode, ...KcErrorCode[]]), message: z.string() }) }).meta({
    description: 'MemStore error envelope (reference §7, the shape sibling KakaoCloud APIs use)',
  })

const CODE_OF_STATUS = Object.fromEntries(Object.entries(KcErrors).map(([code, status]) => [status, code])) as Record<number, KcErrorCode>

/** The MemStore envelope of one status: its code is the catalogue's for that status. */
export function memstoreError(status: number) {
  const code = CODE_OF_STATUS[status]
  if (!code) throw new Error(`kakaocloud: no MemStore error code answers ${status}`)
  return z.object({ error: z.object({ code: z.literal(code), message: z.string() }) })
}

/** reference §1 [SDK model_keystone_error]: {"error": {"code": <status>, "message", "title": <reason phrase>}}. */
export function keystoneError(status: number) {
  const title = KEYSTONE_TITLES[status]
  if (!title) throw new Error(`kakaocloud: no Keystone title for ${status}`)
  return z.object({ error: z.object({ code: z.literal(status), message: z.string(), title: z.literal(title) }) })
}
