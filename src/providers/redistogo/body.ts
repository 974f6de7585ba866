// Request bodies as Rails reads them: JSON, XML (typed, dash-case, Hash.from_xml style) and form-encoded (qs nesting).
import express, { type RequestHandler } from 'express'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { MAX_NESTING_DEPTH, xmlTextTooDeep } from '../../core/json-shape.js'

const XML_TYPES = ['application/xml', 'text/xml', 'application/x-xml', 'application/*+xml']

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

/** Keys that must never become properties of a params object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

function malformed(message: string): Error {
  // body-parser's tag for unparseable bodies: the core turns it into this provider's 400.
  return Object.assign(new Error(message), { type: 'entity.parse.failed', status: 400 })
}

function underscore(name: string): string {
  return name.replace(/-/g, '_')
}

/** One parsed element, typecast as Rails' Hash.from_xml does with the type and nil attributes. */
function xmlValue(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return typeof node === 'string' && node === '' ? null : node
  const element = node as Record<string, unknown>
  if (element['@_nil'] === 'true') return null
  const type = element['@_type']
  const text = typeof element['#text'] === 'string' ? element['#text'] : ''
  if (type === 'array') {
    const items: unknown[] = []
    for (const [key, child] of Object.entries(element)) {
      if (key.startsWith('@_') || key === '#text') continue
      for (const item of Array.isArray(child) ? child : [child]) items.push(xmlValue(item))
    }
    return items
  }
  if (type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text
  if (type === 'boolean') return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text
  const children = Object.keys(element).filter((key) => !key.startsWith('@_') && key !== '#text')
  if (children.length === 0) return text === '' ? null : text
  const hash: Record<string, unknown> = {}
  for (const key of children) {
    if (FORBIDDEN_KEYS.has(key)) continue
    const child = element[key]
    hash[underscore(key)] = Array.isArray(child) ? child.map(xmlValue) : xmlValue(child)
  }
  return hash
}

/** "<instance><plan>small</plan></instance>" -> { instance: { plan: "small" } }. */
export function parseXmlParams(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  // No DTDs: entity expansion is a denial-of-service vector and Rails' parser would not need one here.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformed('XML documents with a DTD are not accepted')
  // the core's one depth limit, checked on the text: the typecast below is recursive
  if (xmlTextTooDeep(text)) throw malformed(`the XML body is nested deeper than ${MAX_NESTING_DEPTH} levels`)
  if (XMLValidator.validate(text) !== true) throw malformed('the XML body could not be parsed')
  let document: Record<string, unknown>
  try {
    document = xmlParser.parse(text) as Record<string, unknown>
  } catch {
    throw malformed('the XML body could not be parsed')
  }
  const roots = Object.keys(document).filter((key) => !key.startsWith('?') && !FORBIDDEN_KEYS.has(key))
  if (roots.length !== 1) throw malformed('an XML body has exactly one root element')
  return { [underscore(roots[0])]: xmlValue(document[roots[0]]) }
}

function xmlBodyParser(limit: number): RequestHandler[] {
  const readText = express.text({ limit, type: XML_TYPES })
  const toParams: RequestHandler = (req, _res, next) => {
    if (typeof req.body === 'string' && req.is(XML_TYPES)) req.body = parseXmlParams(req.body)
    next()
  }
  return [readText, toParams]
}

/** The three encodings of reference section 2 ("Request encoding"), each within the emulator's body limit. */
export function redistogoBodyParsers(limit: number): RequestHandler[] {
  return [
    express.json({ limit, type: ['application/json', 'application/*+json', 'text/x-json', 'application/jsonrequest'] }),
    ...xmlBodyParser(limit),
    // extended: qs nesting, so instance[plan]=small becomes { instance: { plan: "small" } } as in Rails.
    // depth: the core's one limit (qs refuses deeper keys with a 400 instead of folding them into one name)
    // (body-parser 2 takes depth; its bundled types predate it)
    express.urlencoded({ limit, extended: true, depth: MAX_NESTING_DEPTH } as Parameters<typeof express.urlencoded>[0]),
  ]
}
