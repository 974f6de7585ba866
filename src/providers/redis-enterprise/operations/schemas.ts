// zod schemas of database operations: export / import locations (D:objects/bdb/backup_location,
// D:objects/bdb/dataset_import_sources) and the recover body (reference-more §15, §20).
import { z } from 'zod'
import { lazy } from '../../../core/lazy.js'

// Built on first use (lazy), never at import: start-up time, issue #20.
const text = lazy(() => z.string().min(1))

// reference-more §15: `url` takes ftp://, http(s):// (and redis:// for import); the emulator also takes file:// (INF)
const locations = () => [
  z.strictObject({ type: z.literal('url'), url: text() }),
  z.strictObject({ type: z.literal('sftp'), sftp_url: text(), key: z.string().optional() }),
  z.strictObject({
    type: z.literal('s3'),
    bucket_name: text(),
    subdir: z.string().optional(),
    filename: z.string().optional(),
    access_key_id: text(),
    secret_access_key: text(),
    region_name: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('gs'),
    bucket_name: text(),
    subdir: z.string().optional(),
    filename: z.string().optional(),
    client_id: text(),
    client_email: text(),
    private_key_id: text(),
    private_key: text(),
  }),
  z.strictObject({
    type: z.literal('abs'),
    container: text(),
    account_name: text(),
    account_key: z.string().optional(),
    sas_token: z.string().optional(),
    subdir: z.string().optional(),
    filename: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('mount_point'), path: text() }),
] as const

export const locationSchema = lazy(() => z.discriminatedUnion('type', locations()))
export type Location = z.output<ReturnType<typeof locationSchema>>

export const exportBodySchema = lazy(() => z.strictObject({ export_location: locationSchema(), email_notification: z.boolean().optional() }))

// reference-more §15: "any other key fails the request"; an empty body reuses the sources stored on the bdb (INF)
export const importBodySchema = lazy(() => z.strictObject({
  dataset_import_sources: z.array(locationSchema()).min(1).optional(),
  email_notification: z.boolean().optional(),
}))

export const recoverBodySchema = lazy(() => z.strictObject({
  data_files: z.array(z.strictObject({ filename: text(), node_uid: z.string(), shard_slots: z.string() })).optional(),
  ignore_errors: z.boolean().optional(),
  recover_without_data: z.boolean().optional(),
}))

// reference-more §20 revamp body: the placement-changing subset of a bdb update, plus two placement hints
export const revampBodySchema = lazy(() => z.strictObject({
  avoid_nodes: z.array(z.string()).optional(),
  bigstore_ram_size: z.number().int().min(0).optional(),
  memory_size: z.number().int().min(0).optional(),
  replication: z.boolean().optional(),
  shards_count: z.number().int().min(1).max(512).optional(),
  shards_placement: z.enum(['dense', 'sparse']).optional(),
}))
