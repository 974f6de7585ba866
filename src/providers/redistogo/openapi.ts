// Redis To Go's API as the emulator answers it (seed 003, reference sections 1-7): the source of its OpenAPI document.
import { XMLParser } from 'fast-xml-parser'
import { z } from 'zod'
import type { ApiDescription, Operation, ResponseSpec } from '../../core/openapi.js'
import { ACCESS_DENIED } from './auth.js'
import { XML_FIELD_TYPES } from './model.js'
import { instanceBody, updatableAttributesSchema } from './schemas.js'

const JSON_AND_XML = ['application/json', 'application/xml']
const REQUEST_TYPES = ['application/json', 'application/xml', 'application/x-www-form-urlencoded']

/** The operations and the schemas they share, built when the document is first asked for (not at start-up). */
function describeInstances() {
  /** In XML the untyped master-port element carries text (seed 003 writes it without a type attribute). */
  const instanceXmlBody = instanceBody().extend({ master_port: z.string().nullable() })

  const listBody = z.array(z.strictObject({ instance: instanceBody() })).meta({ description: 'seed 003: [{"instance": {...}}]' })
  const listXmlBody = z.array(z.strictObject({ instance: instanceXmlBody })).meta({ description: 'seed 003: <instances type="array"><instance>…</instance></instances>' })

  const errorsBody = z.strictObject({ errors: z.array(z.string()) }).meta({ description: 'reference section 5: {"errors": [...]}, or <errors><error>…</error></errors> in XML' })

  /** What POST and PUT read: params[:instance] as JSON, XML or form, or the attributes unwrapped. */
  const instanceParams = updatableAttributesSchema().extend({ plan: z.string().meta({ description: 'a plan name (seed 003: nano, mini, small, …)' }) }).partial()
  const requestBody = z.union([z.object({ instance: instanceParams }), instanceParams])

  /** A response in JSON or XML: each media type its own schema where the two differ. */
  function either(description: string, json: z.ZodType, xml: z.ZodType, headers?: Record<string, string>): ResponseSpec {
    return { description, bodies: { 'application/json': json, 'application/xml': xml }, headers }
  }

  const EMPTY_OK: ResponseSpec = { description: "Rails' head :ok: no body" }
  const NOT_FOUND: ResponseSpec = { description: "Couldn't find Instance with ID=…", body: errorsBody, contentTypes: JSON_AND_XML }
  const UNPROCESSABLE: ResponseSpec = { description: 'validation failed (plan rules, attribute types)', body: errorsBody, contentTypes: JSON_AND_XML }

  const FORMAT = z.enum(['json', 'xml']).meta({ description: 'the (.:format) suffix; another one answers 406' })
  const ID = z.string().meta({ description: 'the instance id; another account’s instance is a 404' })

  /** Each route twice, as Rails' `(.:format)` makes it: without the suffix (format from Accept) and with it. */
  function withFormats(op: Operation): Operation[] {
    const pathParams = { id: ID, format: FORMAT }
    return [
      { ...op, pathParams },
      { ...op, path: `${op.path}.{format}`, operationId: `${op.operationId}WithFormat`, pathParams },
    ]
  }

  function operations(): Operation[] {
    return [
      ...withFormats({
        method: 'get',
        path: '/instances',
        operationId: 'listInstances',
        summary: "The account's instances",
        tag: 'instances',
        source: 'seed 003',
        responses: { 200: either('the instances, oldest first', listBody, listXmlBody) },
      }),
      ...withFormats({
        method: 'post',
        path: '/instances',
        operationId: 'createInstance',
        summary: 'Create an instance on a plan',
        tag: 'instances',
        source: 'seed 003',
        realRedis: 'starts a redis-server with the instance password and port',
        body: { schema: requestBody, contentTypes: REQUEST_TYPES },
        responses: {
          201: either('the new instance, status "new" until it is running', instanceBody(), instanceXmlBody, { Location: 'the instance URL' }),
          422: UNPROCESSABLE,
        },
      }),
      ...withFormats({
        method: 'get',
        path: '/instances/{id}',
        operationId: 'showInstance',
        summary: 'One instance',
        tag: 'instances',
        source: 'seed 003',
        responses: { 200: either('the instance', instanceBody(), instanceXmlBody), 404: NOT_FOUND },
      }),
      ...withFormats({
        method: 'put',
        path: '/instances/{id}',
        operationId: 'updateInstance',
        summary: 'Upgrade the plan, or change attributes',
        tag: 'instances',
        source: 'seed 003; reference section 7 (attributes)',
        realRedis: 'a plan upgrade sets maxmemory; attributes with a redis.conf counterpart are set with CONFIG SET',
        body: { schema: requestBody, contentTypes: REQUEST_TYPES },
        responses: { 200: EMPTY_OK, 404: NOT_FOUND, 422: UNPROCESSABLE },
      }),
      ...withFormats({
        method: 'delete',
        path: '/instances/{id}',
        operationId: 'destroyInstance',
        summary: 'Delete an instance',
        tag: 'instances',
        source: 'seed 003',
        realRedis: 'stops the redis-server',
        responses: { 200: EMPTY_OK, 404: NOT_FOUND },
      }),
    ]
  }

  return { errorsBody, operations: operations() }
}

// ---- XML answers read back into the values their schemas describe (Hash.from_xml style) ----

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, isArray: (name) => name === 'instance' || name === 'error' || name === 'snapshot' })

type XmlNode = Record<string, unknown>

const underscore = (name: string) => name.replace(/-/g, '_')

/** One field's element as its typed value: nil -> null, integer/boolean by their type attribute, text otherwise. */
function fieldValue(field: string, node: unknown): unknown {
  const element = (typeof node === 'object' && node !== null ? node : { '#text': node }) as XmlNode
  if (element['@_nil'] === 'true') return null
  const text = String(element['#text'] ?? '')
  switch (XML_FIELD_TYPES[field as keyof typeof XML_FIELD_TYPES]) {
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : text
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
    case 'array':
      return ((element.snapshot as unknown[] | undefined) ?? []).map((item) => (typeof item === 'object' ? String((item as XmlNode)['#text'] ?? '') : String(item)))
    default:
      return text
  }
}

function instanceValue(node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@_') || name === '#text') continue
    const field = underscore(name)
    out[field] = fieldValue(field, value)
  }
  return out
}

/** seed 003's three XML documents (an instance, a list, errors) as the JSON value of the same answer. */
export function decodeXmlAnswer(text: string): unknown {
  const document = xmlParser.parse(text) as XmlNode
  if (document.instances !== undefined) {
    const list = typeof document.instances === 'object' && document.instances ? ((document.instances as XmlNode).instance as XmlNode[] | undefined) ?? [] : []
    return list.map((node) => ({ instance: instanceValue(node) }))
  }
  if (document.instance !== undefined) return instanceValue((document.instance as XmlNode[])[0]!)
  if (document.errors !== undefined) {
    const errors = typeof document.errors === 'object' && document.errors ? ((document.errors as XmlNode).error as unknown[] | undefined) ?? [] : []
    return { errors: errors.map((e) => (typeof e === 'object' ? String((e as XmlNode)['#text'] ?? '') : String(e))) }
  }
  throw new Error(`an XML answer with an unknown root: ${Object.keys(document).join(', ')}`)
}

let described: ApiDescription | undefined

export function redistogoApi(): ApiDescription {
  if (described) return described
  const instances = describeInstances()
  return (described = {
    title: 'Redis To Go (as emulated by redis-cloud-emulator)',
    version: 'v1',
    description:
      'Instances in JSON and XML (seed 003). Every route also answers with a `.json` or `.xml` suffix; without one the Accept header decides, and JSON is the default. XML bodies are Rails documents: dasherized elements with `type` attributes, `nil="true"` for null.',
    securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'an account of the slice (default user:password in the banner)' } },
    errorBody: instances.errorsBody,
    errorContentTypes: JSON_AND_XML,
    commonErrors: {
      // Rails' respond_to with no matching format: head :not_acceptable
      406: { description: 'a format other than JSON or XML: no body' },
      400: 'a body that cannot be read (malformed JSON, XML or form; nested too deep)',
      413: 'a body over the size limit',
      500: 'the state could not be written (a full disk)',
    },
    // Rails' routing error, in the format the path asked for
    unknownRoute: { 404: 'no route for this method and path' },
    securedErrors: {
      // reference section 1: the plain-text denial, whatever format was asked for
      401: { description: 'missing or wrong Basic credentials', body: z.literal(ACCESS_DENIED), contentTypes: ['text/plain'], headers: { 'WWW-Authenticate': 'Basic realm="Application"' } },
    },
    tags: { instances: 'Redis To Go instances (seed 003)' },
    operations: instances.operations,
    decodeBody: (mediaType, text) => (mediaType === 'application/xml' ? decodeXmlAnswer(text) : mediaType === 'text/plain' ? text : JSON.parse(text)),
  })
}
