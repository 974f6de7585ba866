// JSON or XML: which one a request asked for (path suffix, then Accept) and how instances and errors are written in it.
import type { Request, Response } from 'express'
import { XMLBuilder } from 'fast-xml-parser'
import { XML_FIELD_TYPES, type Instance } from './model.js'
import { xchar } from './xchar.js'

export type Format = 'json' | 'xml'

// Rails registers these media types for :json and :xml (Mime::Type synonyms).
const ACCEPTED_TYPES: Record<string, Format> = {
  'application/json': 'json',
  'text/x-json': 'json',
  'application/jsonrequest': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/x-xml': 'xml',
}

/** The `.format` suffix of the last path segment, if any ("/instances/5.xml" -> "xml"). */
export function pathSuffix(path: string): string | undefined {
  // The last segment once trailing slashes are dropped, without building it: [start, end).
  let end = path.length
  while (end > 0 && path.charCodeAt(end - 1) === 47 /* / */) end--
  if (end === 0) return undefined
  const start = path.lastIndexOf('/', end - 1) + 1
  const dot = path.lastIndexOf('.', end - 1)
  return dot >= start ? path.slice(dot + 1, end) : undefined
}

/**
 * reference section 1: the `(.:format)` suffix wins, then the Accept header. With neither (or `*\/*`) the issue says
 * JSON (the reference leans to XML because the docs list it first; the issue decides). Undefined means the client
 * asked for something else (".yaml", "Accept: text/html"), which Rails' respond_to answers with 406.
 */
export function negotiateFormat(req: Request): Format | undefined {
  const suffix = pathSuffix(req.path)
  if (suffix !== undefined) return suffix === 'json' || suffix === 'xml' ? suffix : undefined
  if (!req.headers.accept) return 'json'
  const best = req.accepts(Object.keys(ACCEPTED_TYPES))
  return best ? ACCEPTED_TYPES[best] : undefined
}

/** Errors are written in the format asked for; when that is unknown, in the default. */
export function errorFormat(req: Request): Format {
  return negotiateFormat(req) ?? 'json'
}

const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  // seed 003 newer example: nil elements and empty arrays are self-closing (<master-host nil="true"/>).
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
})

const XML_PROLOG = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' } }

function dasherize(name: string): string {
  return name.replace(/_/g, '-')
}

/** One field as the XML builder wants it: Rails type attribute first, then nil="true" or the text. */
function xmlField(field: keyof Instance, value: unknown): unknown {
  const type = XML_FIELD_TYPES[field]
  const typeAttr = type ? { '@_type': type } : {}
  if (value === null) return { ...typeAttr, '@_nil': 'true' }
  // issue 22 item 7: stored text goes out as Rails' builder wrote it, so every document is well-formed.
  if (type === 'array') return { ...typeAttr, snapshot: (value as unknown[]).map((item) => xchar(String(item))) }
  if (type) return { ...typeAttr, '#text': xchar(String(value)) }
  return xchar(String(value))
}

function xmlInstance(instance: Instance): Record<string, unknown> {
  const element: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(instance)) element[dasherize(field)] = xmlField(field as keyof Instance, value)
  return element
}

function xmlDocument(document: Record<string, unknown>): string {
  return xmlBuilder.build({ ...XML_PROLOG, ...document }) as string
}

function sendXml(res: Response, status: number, body: string): void {
  res.status(status).type('application/xml').send(body)
}

/** The <instance> document of a record, built afresh. */
export function instanceXml(instance: Instance): string {
  return xmlDocument({ instance: xmlInstance(instance) })
}

/**
 * What was last rendered from a record, with what it was built from: the record's own keys in order, and their values
 * (an array's items inline, after its length). The XML document and the JSON list item depend on nothing else, so
 * while every key and value is still the same (===) each is byte for byte what a new build would give, however and by
 * whom the record was changed. Each form is built the first time it is asked for.
 */
interface RenderedInstance {
  source: unknown[]
  xml?: string
  /** `{"instance":{...}}` as JSON.stringify writes it inside the list, and its length in UTF-8 bytes. */
  listItem?: { json: string; bytes: number }
}

const renderedInstances = new WeakMap<Instance, RenderedInstance>()

const ARRAY = Symbol('array')

/** What the document is built from, flat; undefined when a value is an object (not memoised: never in valid state). */
function renderSource(instance: Instance): unknown[] | undefined {
  const source: unknown[] = []
  const record = instance as unknown as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const value = record[key]
    source.push(key)
    if (typeof value !== 'object' || value === null) {
      source.push(value)
      continue
    }
    if (!Array.isArray(value)) return undefined
    source.push(ARRAY, value.length)
    for (const item of value) {
      if (typeof item === 'object' && item !== null) return undefined
      source.push(item)
    }
  }
  return source
}

/**
 * Whether renderSource(instance) would equal `source` (without building it). Asked for every record of every list
 * read: for...in walks the record's keys in Object.keys order without copying them into a new array (records are plain
 * objects, with nothing enumerable inherited).
 */
function sameSource(source: unknown[], instance: Instance): boolean {
  const record = instance as unknown as Record<string, unknown>
  let i = 0
  for (const key in record) {
    if (source[i++] !== key) return false
    const value = record[key]
    if (typeof value !== 'object' || value === null) {
      if (source[i++] !== value) return false
      continue
    }
    if (!Array.isArray(value) || source[i++] !== ARRAY || source[i++] !== value.length) return false
    for (const item of value) if (source[i++] !== item) return false
  }
  return i === source.length
}

/** The renderings kept for a record as it is now (none kept yet when it changed); undefined when it cannot be kept. */
function renderedFor(instance: Instance): RenderedInstance | undefined {
  const rendered = renderedInstances.get(instance)
  if (rendered && sameSource(rendered.source, instance)) return rendered
  const source = renderSource(instance)
  if (!source) {
    renderedInstances.delete(instance)
    return undefined
  }
  const fresh: RenderedInstance = { source }
  renderedInstances.set(instance, fresh)
  return fresh
}

/** instanceXml, reusing the document last built for the same record when nothing in it has changed since. */
export function cachedInstanceXml(instance: Instance): string {
  const rendered = renderedFor(instance)
  if (!rendered) return instanceXml(instance)
  return (rendered.xml ??= instanceXml(instance))
}

function buildListItem(instance: Instance): { json: string; bytes: number } {
  const json = JSON.stringify({ instance })
  return { json, bytes: Buffer.byteLength(json) }
}

/** One item of the JSON list, reused while the record is unchanged (as cachedInstanceXml). */
export function cachedListItemJson(instance: Instance): { json: string; bytes: number } {
  const rendered = renderedFor(instance)
  if (!rendered) return buildListItem(instance)
  return (rendered.listItem ??= buildListItem(instance))
}

/** seed 003 show example: a bare object in JSON, <instance> in XML. */
export function sendInstance(res: Response, format: Format, status: number, instance: Instance): void {
  if (format === 'xml') sendXml(res, status, cachedInstanceXml(instance))
  else res.status(status).json(instance)
}

/** seed 003 list example: [{"instance": {...}}] in JSON, <instances type="array"> in XML. */
export function sendInstanceList(res: Response, format: Format, instances: readonly Instance[]): void {
  if (format === 'xml') sendXml(res, 200, xmlDocument({ instances: { '@_type': 'array', instance: instances.map(xmlInstance) } }))
  else sendJsonList(res, instances)
}

/** The items of lists already sent, by list: service.listInstances gives the same list until the slice changes. */
const sentLists = new WeakMap<readonly Instance[], { items: { json: string; bytes: number }[]; length: number }>()

/** Each record's list item, and the answer's length in bytes: "[", the items, a comma between two, "]". */
function listItems(instances: readonly Instance[]): { items: { json: string; bytes: number }[]; length: number } {
  let sent = sentLists.get(instances)
  if (!sent) {
    const items = instances.map(cachedListItemJson)
    let length = 2 + Math.max(0, items.length - 1)
    for (const item of items) length += item.bytes
    sent = { items, length }
    sentLists.set(instances, sent)
  }
  return sent
}

/** Characters gathered into one write of a streamed list: a few socket writes, never one string of the whole list. */
export const LIST_CHUNK_CHARS = 64 * 1024

/**
 * What res.json(instances.map((instance) => ({ instance }))) sends, byte for byte (same status, Content-Type and
 * Content-Length), without building the whole answer: issue #17 item 6 / #20 item 3. res.json would make one string of
 * the list and res.send one Buffer of it (1.1 MB each for 1,300 instances); here each item is the memoised JSON of its
 * record, and the answer goes out in chunks of about LIST_CHUNK_CHARS, the next built only when the socket has taken
 * the last one. The items are all taken before the first byte, so a change made meanwhile cannot tear the answer.
 * Each chunk is one flat string made by join (not a chain of concatenations for the socket to flatten), and goes out
 * as a string: the socket copies it into memory freed as soon as the write completes, where a Buffer would only be
 * freed once the garbage collector found it (up to tens of MB of finished chunks waiting, under many large reads).
 */
function sendJsonList(res: Response, instances: readonly Instance[]): void {
  res.status(200)
  // Conditional and HEAD requests are rare: Express' own path answers them (304 when fresh, headers only for HEAD).
  if (res.req.method !== 'GET' || res.req.fresh) return void res.json(instances.map((instance) => ({ instance })))
  const { items, length } = listItems(instances)
  res.set('Content-Type', 'application/json')
  res.set('Content-Length', String(length))
  let next = 0
  const parts: string[] = []
  const writeSome = (): void => {
    while (next < items.length) {
      // "[" before the first item; a chunk after the first starts with the comma before its first item (an empty
      // first part); "]" after the last item
      parts.length = 0
      let size = 0
      if (next > 0) parts.push('')
      do {
        let json = items[next].json
        if (next === 0) json = `[${json}`
        if (++next === items.length) json = `${json}]`
        parts.push(json)
        size += json.length + 1
      } while (next < items.length && size < LIST_CHUNK_CHARS)
      const chunk = parts.join(',')
      if (next === items.length) return void res.end(chunk)
      if (!res.write(chunk)) return void res.once('drain', writeSome)
    }
    res.end('[]')
  }
  writeSome()
}

/** Rails `head :ok` after update and destroy (reference section 2): the status and no body. */
export function sendHeadOk(res: Response, format: Format): void {
  res.status(200).type(format === 'xml' ? 'application/xml' : 'application/json').send('')
}

/** reference section 5: {"errors": [...]} or <errors><error>...</error></errors>. */
export function sendErrors(res: Response, format: Format, status: number, messages: string[]): void {
  if (format === 'xml') sendXml(res, status, xmlDocument({ errors: { error: messages.map(xchar) } }))
  else res.status(status).json({ errors: messages })
}
