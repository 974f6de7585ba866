// GET /v1/jsonschema (reference-more §14): a JSON schema per API object, made from the zod schemas where the emulator
// has them (bdb body, locations) and from the captured objects' keys and types otherwise.
import { z } from 'zod'
import type { Json, JsonObject } from '../model.js'
import { createBdbSchema } from '../schemas.js'
import type { Services } from '../service.js'
import { locationSchema } from '../operations/schemas.js'

export const JSON_SCHEMA_OBJECTS = ['bdb', 'backup_location', 'dataset_import_sources', 'cluster', 'node', 'user', 'shard', 'license', 'bootstrap']

function typeOf(value: Json): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function fromSample(sample: JsonObject, description: string): JsonObject {
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, { type: typeOf(value) }])),
  }
}

const cache = new Map<string, JsonObject>()

export function jsonSchemaOf(services: Services, object: string): JsonObject {
  const hit = cache.get(object)
  if (hit) return hit
  const { catalogue } = services
  let schema: JsonObject
  switch (object) {
    case 'bdb':
      schema = { ...(z.toJSONSchema(createBdbSchema(), { unrepresentable: 'any' }) as JsonObject), description: 'An API object that represents a managed database in the cluster.' }
      break
    case 'backup_location':
      schema = { ...(z.toJSONSchema(locationSchema(), { unrepresentable: 'any' }) as JsonObject), description: 'Where a database export is written.' }
      break
    case 'dataset_import_sources':
      schema = { type: 'array', items: z.toJSONSchema(locationSchema(), { unrepresentable: 'any' }) as JsonObject, description: 'Where a database import reads from.' }
      break
    case 'cluster':
      schema = fromSample(catalogue.cluster, 'An API object that represents the cluster.')
      break
    case 'node':
      schema = fromSample(catalogue.nodeTemplate, 'An API object that represents a node in the cluster.')
      break
    case 'user':
      schema = fromSample(catalogue.userTemplate, 'An API object that represents a management user.')
      break
    case 'shard':
      schema = fromSample(catalogue.shardTemplate, 'An API object that represents a Redis shard.')
      break
    case 'license':
      schema = fromSample(catalogue.license, 'An API object that represents the cluster licence.')
      break
    default:
      schema = fromSample(catalogue.bootstrap, 'An API object that represents the bootstrap status.')
  }
  cache.set(object, schema)
  return schema
}
