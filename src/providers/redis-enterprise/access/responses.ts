// The bodies the access routes send, as zod schemas for the OpenAPI document (openapi.ts); built on first use.
import { z } from 'zod'
import { MANAGEMENT_ROLES } from './model.js'
import { ldapConfigBodySchema } from './schemas.js'

function build() {
  const int = z.int()
  const uid = int.min(1)
  /** A user as /v1/users answers it: the keys of captures/user_single.json (built by model.ts buildUser). */
  const userAnswer = z.strictObject({
    auth_method: z.string(),
    certificate_subject_line: z.string(),
    email: z.string(),
    email_alerts: z.boolean(),
    name: z.string(),
    password_issue_date: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    role: z.enum(MANAGEMENT_ROLES),
    role_uids: z.array(int),
    status: z.enum(['active', 'locked']),
    uid,
  })

  /** GET /v1/cluster/ldap: the defaults (model.ts defaultLdapConfig) are always there; the xor fields once set. */
  const ldapConfigAnswer = ldapConfigBodySchema().required({
    bind_dn: true,
    bind_pass: true,
    ca_cert: true,
    cache_ttl: true,
    control_plane: true,
    data_plane: true,
    directory_timeout_s: true,
    starttls: true,
    uris: true,
  })
  return { userAnswer, ldapConfigAnswer }
}

let built: ReturnType<typeof build> | undefined

/** The access group's response schemas (memoised: never built at import, issue #20). */
export function accessAnswers(): ReturnType<typeof build> {
  return (built ??= build())
}
