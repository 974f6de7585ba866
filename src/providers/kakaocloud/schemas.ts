// zod schemas for KakaoCloud request bodies and queries (reference §1, §4). A failure becomes a 400 BadRequest
// (or Keystone's 400 on the IAM routes). Unknown fields are ignored, as a Go JSON decoder does [INF].
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { PARSE_ONCE } from '../../core/parse-once.js'
import { containsEmoji } from './emoji.js'
import { BackupStatus, ClusterStatus, SYNC_STATUSES } from './model.js'

const idRef = lazy(() => z.object({ id: z.string().min(1).max(128) }))

export const subnetAssignment = lazy(() => z.object({ primary: idRef(), replicas: z.array(idRef()).max(64) }))

// reference §4 (instance set): 4–20 chars, lowercase letters, digits and '-', starts with a letter, ends with a letter
// or digit, no '--', no spaces. The cluster-mode page's name rules were not retrieved; the same rules apply [INF].
export const resourceName = lazy(() => z
  .string()
  .min(4, 'the name must be 4 to 20 characters')
  .max(20, 'the name must be 4 to 20 characters')
  .regex(/^[a-z0-9-]*$/, 'the name may contain only lowercase letters, digits and hyphens')
  .regex(/^[a-z]/, 'the name must start with a lowercase letter')
  .regex(/[a-z0-9]$/, 'the name must end with a lowercase letter or a digit')
  .refine((name) => !name.includes('--'), 'the name must not contain consecutive hyphens'))

// reference §4: description ≤ 100 characters, no emoji, no line breaks.
const description = lazy(() => z
  .string()
  .max(100, 'the description must be at most 100 characters')
  .refine((text) => !/[\r\n]/.test(text), 'the description must not contain line breaks')
  .refine((text) => !containsEmoji(text), 'the description must not contain emoji'))

const CRON_FIELD_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
]

function cronFieldValid(field: string, [min, max]: [number, number]): boolean {
  return field.split(',').every((part) => {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part)
    if (!match) return false
    const numbers = [match[2], match[3]].filter((n) => n !== undefined).map(Number)
    if (numbers.some((n) => n < min || n > max)) return false
    if (numbers.length === 2 && numbers[0] > numbers[1]) return false
    return match[4] === undefined || Number(match[4]) >= 1
  })
}

/** reference §4: "5-field cron only". */
export function isFiveFieldCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/)
  return fields.length === 5 && fields.every((field, i) => cronFieldValid(field, CRON_FIELD_RANGES[i]))
}

const backupSchedule = lazy(() => z.object({
  cron: z.string().max(100).refine(isFiveFieldCron, 'backupSchedule.cron must be a 5-field cron expression'),
  // Retention range not retrieved; 1–35 days as on KakaoCloud's other data stores [INF].
  retentionLimit: z.number().int().min(1).max(35),
}))

// reference §4: the password is sent encrypted or hashed; any string is accepted.
const dbUser = lazy(() => z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }))

// Go decodes an explicit null of an optional field as "not given".
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined)

const placement = () => ({
  description: optional(description()),
  version: z.string().min(1).max(32),
  // reference §4: port 2000–50000 (cluster mode page; the instance-set page by analogy [INF]).
  port: z.number().int().min(2000, 'port must be between 2000 and 50000').max(50000, 'port must be between 2000 and 50000'),
  flavorId: z.string().min(1).max(128),
  parameterGroupId: z.string().min(1).max(128),
  subnets: z.array(idRef()).min(1).max(16),
  subnetAssignments: z.array(subnetAssignment()).min(1).max(64),
  securityGroups: z.array(idRef()).min(1).max(16),
  tlsEnabled: optional(z.boolean()),
  backupSchedule: optional(backupSchedule()),
  user: optional(dbUser()),
})

/** POST /v1/clusters (reference §4, cluster mode on). */
export const createClusterBody = lazy(() => z.object({
  name: resourceName(),
  ...placement(),
  // reference §4: shard count 1–12.
  shardCount: z.number().int().min(1, 'shardCount must be between 1 and 12').max(12, 'shardCount must be between 1 and 12'),
  // Upper bound not retrieved: a primary and up to 5 replicas per shard [INF].
  nodeCountPerShard: z.number().int().min(1).max(6),
}))
export type CreateClusterBody = z.infer<ReturnType<typeof createClusterBody>>

/** POST /v1/instance-sets (reference §4, cluster mode off). `replicas` is the TOTAL node count. */
export const createInstanceSetBody = lazy(() => z.object({
  instanceSetName: resourceName(),
  ...placement(),
  // Upper bound not retrieved: a primary and up to 5 replicas [INF].
  replicas: z.number().int().min(1).max(6),
  recoveryEnabled: z.boolean(),
}))
export type CreateInstanceSetBody = z.infer<ReturnType<typeof createInstanceSetBody>>

/** POST /v1/parameter-groups (reference §4): a copy of a base group. Name rules not retrieved [INF]. */
export const createParameterGroupBody = lazy(() => z.object({
  parameterGroupId: z.string().min(1).max(128),
  name: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'the name may contain letters, digits, ".", "_" and "-"'),
  description: optional(description()),
}))

const booleanQuery = lazy(() => z.enum(['true', 'false']).transform((value) => value === 'true'))

export const listParameterGroupsQuery = lazy(() => z.object({
  engineVersion: z.string().max(32).optional(),
  parameterGroupType: z.enum(['default', 'custom']).optional(),
  clusterMode: booleanQuery().optional(),
}))

// seed 001: the cluster list filters by "parameter group ID or name".
export const listClustersQuery = lazy(() => z.object({
  parameterGroupId: z.string().max(128).optional(),
  parameterGroupName: z.string().max(128).optional(),
}))

/** POST /v1/backups (reference §4). */
export const createBackupBody = lazy(() => z.object({
  clusterId: z.string().min(1).max(128),
  name: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'the name may contain letters, digits, ".", "_" and "-"'),
}))

export const listBackupsQuery = lazy(() => z.object({
  clusterName: z.string().max(128).optional(),
  clusterId: z.string().max(128).optional(),
}))

/** Emulator-only: force a parameter-group sync status so the documented re-apply endpoint can be exercised. */
export const forceSyncStatusBody = lazy(() => z.object({ parameterGroupSyncStatus: z.enum(SYNC_STATUSES) }).strict())

/** reference §1: the Keystone application-credential body (method 1: id + secret; method 2: name + secret + user). */
export const tokenRequestBody = lazy(() => z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).min(1),
      application_credential: z
        .object({
          id: z.string().min(1).max(256).optional(),
          name: z.string().min(1).max(256).optional(),
          secret: z.string().min(1).max(1024),
          user: z.object({ id: z.string().min(1).max(256) }).optional(),
        })
        .optional(),
    }),
  }),
}))
export type TokenRequestBody = z.infer<ReturnType<typeof tokenRequestBody>>

// ---- the stored records (their TypeScript types in model.ts come from here) and a whole slice given to
// POST /_emulator/seed or PUT /_emulator/state ----
// Records are stored in wire shape and answered as stored, so they are strict: an imported record with a key the API
// never sends would otherwise reach the wire (the request schemas above stay lenient, as a Go decoder is). The
// response schemas of the OpenAPI document are these (responses.ts).

const storedIdRef = lazy(() => z.strictObject({ id: z.string() }))

export const clusterRecord = lazy(() => z.strictObject({
  projectId: z.string(),
  objectId: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  port: z.number().int(),
  clusterEnabled: z.boolean(),
  recoveryEnabled: z.boolean(),
  shardCount: z.number().int().min(0),
  totalNodeCount: z.number().int().min(0),
  flavorId: z.string(),
  vcpu: z.number().int(),
  memory: z.number().int(),
  endpoints: z.strictObject({ primaryEndpoint: z.string(), readEndpoint: z.string() }),
  userName: z.string(),
  subnets: z.array(storedIdRef()),
  subnetAssignments: z.array(z.strictObject({ primary: storedIdRef(), replicas: z.array(storedIdRef()) })),
  securityGroups: z.array(storedIdRef()),
  backupSchedule: z.strictObject({ cron: z.string(), retentionLimit: z.number().int() }).nullable(),
  creator: z.string(),
  license: z.string(),
  // reference §5: the statuses the emulator's state machine moves through (Creating -> Running, Modifying, Deleting)
  status: z.enum(Object.values(ClusterStatus)),
  parameterGroupId: z.string(),
  parameterGroupName: z.string(),
  parameterGroupSyncStatus: z.enum(SYNC_STATUSES),
  createdAt: z.string(),
}))

export const parameterGroupRecord = lazy(() => z.strictObject({
  objectId: z.string(),
  name: z.string(),
  description: z.string(),
  engineVersion: z.string(),
  clusterMode: z.boolean(),
  parameterGroupType: z.enum(['default', 'custom']),
  createdAt: z.string(),
}))

export const backupRecord = lazy(() => z.strictObject({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  clusterName: z.string(),
  clusterId: z.string(),
  clusterMode: z.boolean(),
  version: z.string(),
  backupType: z.literal('Manual'),
  // Creating -> Available (inferred, reference §4 [GAP])
  status: z.enum(Object.values(BackupStatus)),
  createdAt: z.string(),
}))

export const tokenRecord = lazy(() => z.object({
  applicationCredentialId: z.string(),
  projectId: z.string(),
  userId: z.string(),
  auditId: z.string(),
  issuedAt: z.number(),
  expiresAt: z.number(),
}))

export const sliceSchema = lazy(() => z.object({
  // z.lazy: a record's schema is built only for a slice that has such records (start-up time, issue #20)
  clusters: z.record(z.string(), z.lazy(clusterRecord)),
  parameterGroups: z.record(z.string(), parameterGroupRecord()),
  parameterGroupOwners: z.record(z.string(), z.string()),
  backups: z.record(z.string(), z.lazy(backupRecord)),
  tokens: z.record(z.string(), z.lazy(tokenRecord)),
  dbUserPasswords: z.record(z.string(), z.string()).optional(),
}))

/** Returns what is wrong with a seeded or imported slice, or undefined when it is usable. */
export function validateSlice(slice: unknown): string | undefined {
  const result = sliceSchema().safeParse(slice, PARSE_ONCE)
  if (result.success) return undefined
  const issue = result.error.issues[0]
  return `${issue.path.join('.') || '(slice)'}: ${issue.message}`
}
