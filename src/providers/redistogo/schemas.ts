// zod schemas for instance attributes, cast like Rails columns and failing with Rails full messages ("Timeout is not a number").
import { z } from 'zod'
import { lazy } from '../../core/lazy.js'
import { PARSE_ONCE } from '../../core/parse-once.js'
import { rtgError } from './errors.js'

const INT_MAX = 2147483647 // a Rails/MySQL integer column
const STRING_MAX = 255 // a Rails string column

/** Rails casts form and XML strings to the column's type: "150" -> 150, "" -> nil. */
function castInteger(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const text = value.trim()
  if (text === '') return null
  return /^-?\d+$/.test(text) ? Number(text) : value
}

/** Rails' boolean column casting, restricted to the values it recognises ("1", "true", "t" / "0", "false", "f"). */
function castBoolean(value: unknown): unknown {
  if (value === 1 || value === '1' || value === 'true' || value === 't') return true
  if (value === 0 || value === '0' || value === 'false' || value === 'f') return false
  return value
}

function castString(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value
}

const integer = (min: number, max = INT_MAX) =>
  z
    .number({ error: 'is not a number' })
    .min(min, { error: `must be greater than or equal to ${min}` })
    .max(max, { error: `must be less than or equal to ${max}` })
    .int({ error: 'must be an integer' })
const integerField = (min: number, max = INT_MAX) => z.preprocess(castInteger, integer(min, max))
const nullableIntegerField = (min: number, max = INT_MAX) => z.preprocess(castInteger, integer(min, max).nullable())
// Built on first use (lazy), as the schemas below: start-up time, issue #20.
const booleanField = lazy(() => z.preprocess(castBoolean, z.boolean({ error: 'is not included in the list' })))
const text = () => z.string({ error: 'is invalid' }).max(STRING_MAX, { error: `is too long (maximum is ${STRING_MAX} characters)` })
const stringField = lazy(() => z.preprocess(castString, text()))
const nullableStringField = lazy(() => z.preprocess(castString, text().nullable()))

/**
 * reference section 7: the fields a PUT (or POST) may set. The real list was lost from the docs; these are the
 * user-tunable redis.conf-style attributes the reference lists as likely. Everything else (id, memory, port,
 * password, url, status, timestamps, ...) is ignored, as Rails' attr_accessible drops it silently: ActiveResource,
 * the client the docs recommend, sends every attribute back on save, so rejecting them would break it.
 */
export const updatableAttributesSchema = lazy(() => z.object({
  label: nullableStringField(),
  persistence: stringField(),
  // redis.conf's three appendfsync policies.
  appendfsync: z.preprocess(castString, z.enum(['always', 'everysec', 'no'], { error: 'is not included in the list' })),
  timeout: integerField(0),
  snapshots: z.array(z.string({ error: 'is invalid' }).regex(/^\d+ \d+$/, { error: 'is invalid' }), { error: 'is invalid' }),
  databases: integerField(1),
  activerehashing: booleanField(),
  hash_max_zipmap_entries: integerField(0),
  hash_max_zipmap_value: integerField(0),
  memory_limit_notification: booleanField(),
  slave: booleanField(),
  master_host: nullableStringField(),
  master_port: nullableIntegerField(1, 65535),
  master_password: nullableStringField(),
  vm_enabled: booleanField(),
  vm_max_memory: integerField(0),
  vm_page_size: integerField(1),
  vm_size: integerField(0),
  vm_max_threads: integerField(1),
}).partial())

export type UpdatableAttributes = z.infer<ReturnType<typeof updatableAttributesSchema>>
export const updatableFields = lazy(() => Object.keys(updatableAttributesSchema().shape) as (keyof UpdatableAttributes)[])

/** "hash_max_zipmap_entries" -> "Hash max zipmap entries", as Rails' human_attribute_name. */
function humanize(field: string): string {
  const words = field.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export interface AttributeValidation {
  values: UpdatableAttributes
  /** Rails full messages, empty when every attribute is valid. */
  messages: string[]
}

/** The allow-listed attributes the request sets, cast, with a Rails message for each invalid one. */
export function validateUpdatableAttributes(attributes: Record<string, unknown>): AttributeValidation {
  // None of the fields (a create naming just the plan): zod's answer, without running it. zod looks keys up with
  // `in`, so an inherited one counts too.
  if (!updatableFields().some((field) => field in attributes)) return { values: {}, messages: [] }
  const result = updatableAttributesSchema().safeParse(attributes)
  if (result.success) return { values: result.data, messages: [] }
  // One message per field: the first check it fails (a huge number is "too large", not also "not an integer").
  const byField = new Map<string, string>()
  for (const issue of result.error.issues) {
    const field = String(issue.path[0])
    if (!byField.has(field)) byField.set(field, `${humanize(field)} ${issue.message}`)
  }
  return { values: {}, messages: [...byField.values()] }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * reference section 2: Rails reads params[:instance] (form instance[plan]=small, JSON {"instance":{...}}, XML
 * <instance>...</instance>); the unwrapped {"plan": ...} / plan=small is accepted too, as the issue asks.
 */
export function instanceAttributes(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) return {}
  if (!('instance' in body)) return body
  // An empty <instance></instance> or "instance": null is Rails' params[:instance] = nil: no attributes at all.
  if (body.instance === null) return {}
  // Rails would fail with a 500 on a non-hash params[:instance]; the emulator answers 400 instead.
  if (!isPlainObject(body.instance)) throw rtgError('bad_request', 'the instance parameter must be a hash')
  return body.instance
}

// ---- a whole slice given to POST /_emulator/seed or PUT /_emulator/state: checked so that a hand-written document
// cannot make later requests fail. Instances are stored in wire shape: exactly seed 003's fields. ----

const nullableString = lazy(() => z.string().nullable())
const wholeNumber = lazy(() => z.number().int())

/** An instance as stored and as the API answers it in JSON (seed 003's fields, in wire shape). */
export const instanceBody = lazy(() => z.strictObject({
  label: nullableString(),
  last_bgrewriteaof_at: nullableString(),
  persistence: z.string(),
  plan: z.string(),
  vm_size: wholeNumber(),
  created_at: z.string(),
  master_password: nullableString(),
  vm_page_size: wholeNumber(),
  memory: wholeNumber().min(0),
  port: wholeNumber(),
  server_id: wholeNumber(),
  slave: z.boolean(),
  timeout: wholeNumber(),
  updated_at: z.string(),
  databases: wholeNumber(),
  memory_limit_notification: z.boolean(),
  hash_max_zipmap_value: wholeNumber(),
  id: wholeNumber().min(1),
  hash_max_zipmap_entries: wholeNumber(),
  snapshots: z.array(z.string()),
  user_id: wholeNumber(),
  version: z.string(),
  vm_max_memory: wholeNumber(),
  activerehashing: z.boolean(),
  appendfsync: z.string(),
  master_host: nullableString(),
  vm_enabled: z.boolean(),
  connections: wholeNumber(),
  last_backup_at: nullableString(),
  password: z.string(),
  status: z.enum(['new', 'running']),
  master_port: wholeNumber().nullable(),
  vm_max_threads: wholeNumber(),
  url: z.string(),
  hostname: z.string(),
}))

const sliceSchema = lazy(() => z.looseObject({
  // z.lazy: built only for a slice that has instances (start-up time, issue #20)
  instances: z.record(z.string(), z.lazy(instanceBody)),
  plans: z.array(z.strictObject({ plan: z.string().min(1), memory: wholeNumber().min(0), connections: wholeNumber().min(0), provisional: z.boolean() })),
  servers: z.array(z.strictObject({ id: wholeNumber(), name: z.string(), hostname: z.string(), memory_capacity: wholeNumber().min(0) })),
  accounts: z.array(z.strictObject({ username: z.string(), password: z.string(), user_id: wholeNumber() })),
  sequences: z.record(z.string(), wholeNumber().min(0)),
}))

/** The problem with a slice given as state, or undefined when it is usable. */
export function validateSlice(slice: unknown): string | undefined {
  const result = sliceSchema().safeParse(slice, PARSE_ONCE)
  if (!result.success) {
    const issue = result.error.issues[0]
    return `${issue.path.join('.') || '(slice)'}: ${issue.message}`
  }
  for (const [key, instance] of Object.entries(result.data.instances)) if (String(instance.id) !== key) return `instances.${key}: id must equal its key`
  return undefined
}
