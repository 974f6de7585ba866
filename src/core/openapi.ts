// OpenAPI 3.1 documents generated from each provider's operation table and the zod schemas that validate its routes.
import { z } from 'zod'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options'

/** One response an operation can answer: a status, what it means, and the body the code builds (none for an empty body). */
export interface ResponseSpec {
  description: string
  /** The body's schema; undefined means an empty body. */
  body?: z.ZodType
  /** Media types the body is sent as (default application/json). Redis To Go lists JSON and XML. */
  contentTypes?: string[]
  /** A schema per media type, where the representations differ (Redis To Go's XML); instead of body. */
  bodies?: Record<string, z.ZodType>
  /** Response headers the operation always sets (Location, X-Subject-Token). */
  headers?: Record<string, string>
}

/** A documented operation: one method on one path template, as the provider's router answers it. */
export interface Operation {
  method: HttpMethod
  /** OpenAPI path template: `/v1/bdbs/{uid}`, `/instances.{format}`, `…/cacheInstance/{cacheInstanceId}:resetCacheInstancePassword`. */
  path: string
  operationId: string
  summary: string
  /** The resource group the operation belongs to (an OpenAPI tag). */
  tag: string
  /** Where the behaviour comes from: `seed 004`, `reference §3`, or `inferred: <why>`. */
  source: string
  /** What the call does on the real server behind the resource with --real-redis; undefined when nothing. */
  realRedis?: string
  /** Path parameters by name; a name missing here is documented as a plain string. */
  pathParams?: Record<string, z.ZodType>
  /** Query parameters (a zod object, or one built on first use with z.lazy: each key one parameter). */
  query?: z.ZodObject | z.ZodLazy<z.ZodObject>
  /** The request body's schema and the media types it may come as (default application/json). */
  body?: { schema: z.ZodType; contentTypes?: string[]; required?: boolean }
  /** Success and operation-specific error responses by status; the API's common errors are added to each. */
  responses: Record<number, ResponseSpec>
  /** False for an operation that needs no credentials (a token request, an unbootstrapped node's calls). */
  secured?: boolean
  /** Statuses of the API's common errors this operation cannot answer (e.g. no 404 on a list). */
  without?: number[]
}

/** What a provider says about its API as a whole; operations are listed, never inferred from the router. */
export interface ApiDescription {
  title: string
  description: string
  /** The provider API version the emulator answers (the document's info.version). */
  version: string
  securitySchemes: Record<string, Record<string, unknown>>
  /** The provider's error envelope: the body of every error answer. */
  errorBody: z.ZodType
  /** Media types errors come as (default application/json). */
  errorContentTypes?: string[]
  /**
   * Answers any operation (and an unknown route) may give: malformed bodies, auth, storage faults. A string is an error
   * in the envelope with that description; a ResponseSpec is an answer of another shape (Redis To Go's plain-text 401).
   */
  commonErrors: Record<number, string | ResponseSpec>
  /** What a path or method no operation has answers (the provider's own 404 or 405); kept in components.responses. */
  unknownRoute: Record<number, string | ResponseSpec>
  /** Common answers only secured operations give (401 missing credentials, 403 …). */
  securedErrors?: Record<number, string | ResponseSpec>
  tags: Record<string, string>
  operations: Operation[]
  /** Turns a response body of another media type (Redis To Go's XML) into the value its schema describes. */
  decodeBody?(mediaType: string, text: string): unknown
}

/** Where a provider's operation document comes from; built on demand, never at import. */
export type ApiDescriptionSource = () => ApiDescription

type JsonSchema = Record<string, unknown>

/**
 * A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema. Definitions zod factors out ($defs, for recursive
 * schemas) move to components.schemas under a prefix so their $refs resolve from the document's root.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>, prefix: string): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema
  delete json.$schema
  const defs = json.$defs as Record<string, JsonSchema> | undefined
  delete json.$defs
  if (!defs) return json
  // a definition zod made up (__schema0: a recursive part) belongs to this schema; one named by a schema's meta id
  // (`.meta({ id: 'Bdb' })`) is shared by every operation that uses it, so a validator compiles it once
  const rename = (name: string) => (/^__schema\d+$/.test(name) ? `${prefix}_${name}` : name)
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (!node || typeof node !== 'object') return node
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) {
      out[key] =
        key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(value.slice('#/$defs/'.length))}`
          : key === '$ref' && value === '#'
            ? `#/components/schemas/${prefix}`
            : rewrite(value)
    }
    return out
  }
  for (const [name, def] of Object.entries(defs)) {
    const component = rewrite(def) as JsonSchema
    const existing = components[rename(name)]
    if (existing && JSON.stringify(existing) !== JSON.stringify(component)) throw new Error(`openapi: two different schemas have the id "${name}"`)
    components[rename(name)] = component
  }
  const root = rewrite(json) as JsonSchema
  // a self-reference ('#') points at the root itself: keep the root as a component too
  if (JSON.stringify(root).includes(`"#/components/schemas/${prefix}"`)) components[prefix] = root
  return root
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
}

/** Path parameter names in template order: `/v1/bdbs/{uid}/{action}` gives uid, action. */
export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
}

export interface DocumentOptions {
  /** Server URLs (the provider's listeners), first the one the document was asked from. */
  servers: string[]
}

/** The OpenAPI 3.1 document of one provider's API as the emulator answers it. */
export function buildOpenApiDocument(providerId: string, api: ApiDescription, options: DocumentOptions): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {}
  const errorTypes = api.errorContentTypes ?? ['application/json']
  components.Error = toSchema(api.errorBody, 'output', components, 'Error')
  const errorResponse = (description: string) => ({
    description,
    content: Object.fromEntries(errorTypes.map((type) => [type, { schema: { $ref: '#/components/schemas/Error' } }])),
  })
  const response = (spec: ResponseSpec, name: string) => {
    const bodies = spec.bodies ?? (spec.body ? Object.fromEntries((spec.contentTypes ?? ['application/json']).map((type) => [type, spec.body!])) : undefined)
    return {
      description: spec.description,
      ...(spec.headers ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) } : {}),
      ...(bodies ? { content: Object.fromEntries(Object.entries(bodies).map(([type, body], i) => [type, { schema: toSchema(body, 'output', components, `${name}_${i}`) }])) } : {}),
    }
  }
  // the common answers once, in components.responses; operations refer to them
  const responseComponents: Record<string, unknown> = {}
  const commonRef = (status: string, answer: string | ResponseSpec) => {
    const name = `Common${status}`
    responseComponents[name] ??= typeof answer === 'string' ? errorResponse(answer) : response(answer, name)
    return { $ref: `#/components/responses/${name}` }
  }
  const secured = { ...api.commonErrors, ...api.securedErrors }
  for (const [status, answer] of Object.entries(secured)) commonRef(status, answer)
  for (const [status, answer] of Object.entries(api.unknownRoute)) {
    responseComponents[`UnknownRoute${status}`] = typeof answer === 'string' ? errorResponse(answer) : response(answer, `UnknownRoute${status}`)
  }
  const paths: Record<string, Record<string, unknown>> = {}
  const seen = new Set<string>()
  for (const op of api.operations) {
    const key = `${op.method} ${op.path}`
    if (seen.has(key)) throw new Error(`openapi(${providerId}): ${key} is listed twice`)
    if (seen.has(`id ${op.operationId}`)) throw new Error(`openapi(${providerId}): operationId ${op.operationId} is listed twice`)
    seen.add(key)
    seen.add(`id ${op.operationId}`)
    const prefix = op.operationId
    const parameters: unknown[] = templateParams(op.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: op.pathParams?.[name] ? toSchema(op.pathParams[name], 'input', components, `${prefix}_${name}`) : { type: 'string' },
    }))
    if (op.query) {
      const query = op.query instanceof z.ZodLazy ? op.query.unwrap() : op.query
      for (const [name, schema] of Object.entries(query.shape as Record<string, z.ZodType>)) {
        const json = toSchema(schema, 'input', components, `${prefix}_q_${name}`)
        parameters.push({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: json, ...(json.description ? { description: json.description } : {}) })
      }
    }
    const responses: Record<string, unknown> = {}
    for (const [status, spec] of Object.entries(op.responses)) {
      responses[status] = response({ ...spec, description: spec.description || STATUS_TEXT[Number(status)] || 'answer' }, `${prefix}_${status}`)
    }
    const isSecured = op.secured !== false
    const common = { ...api.commonErrors, ...(isSecured ? api.securedErrors : {}) }
    for (const [status, answer] of Object.entries(common)) {
      if (responses[status] || op.without?.includes(Number(status))) continue
      responses[status] = commonRef(status, answer)
    }
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.body.required ?? true,
              content: Object.fromEntries(
                (op.body.contentTypes ?? ['application/json']).map((type) => [type, { schema: toSchema(op.body!.schema, 'input', components, `${prefix}_body`) }]),
              ),
            },
          }
        : {}),
      responses,
      ...(isSecured ? {} : { security: [] }),
      'x-emulator-source': op.source,
      ...(op.realRedis ? { 'x-emulator-real-redis': op.realRedis } : {}),
    }
    ;(paths[op.path] ??= {})[op.method] = operation
  }
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version, description: api.description },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: options.servers.map((url) => ({ url })),
    tags: Object.entries(api.tags).map(([name, description]) => ({ name, description })),
    security: Object.keys(api.securitySchemes).map((name) => ({ [name]: [] })),
    paths,
    components: { schemas: components, responses: responseComponents, securitySchemes: api.securitySchemes },
  }
}
