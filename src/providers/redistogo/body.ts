// Request bodies as Rails reads them: JSON, XML (typed, dash-case, Hash.from_xml style) and form-encoded (qs nesting).
import express, { type RequestHandler } from 'express'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { decodeXmlBytes } from './xml-encoding.js'
import { rtgError } from './errors.js'
import { MAX_NESTING_DEPTH, xmlTextTooDeep } from '../../core/json-shape.js'

const XML_TYPES = ['application/xml', 'text/xml', 'application/x-xml', 'application/*+xml']

// preserveOrder keeps text, CDATA sections and comments in document order, so the text around a CDATA section or a
// comment keeps its spaces (issue 22 item 5); entities are decoded here, in one pass, not by the parser (item 4).
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
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

// XML 1.0 §2.2 Char: what a document (and a character reference) may hold.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }

/**
 * Text or an attribute value with its references resolved in one pass (so "&amp;#233;" stays "&#233;"): the five
 * predefined entities and numeric character references (&#233; &#x263A;). A reference to a character XML forbids
 * (&#0;, &#x1B;) or to an undeclared entity makes the document not well-formed, which Rails' parser (REXML) refuses:
 * a 400, as for any body it cannot parse.
 */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw
  return raw.replace(/&([^&;\s<]{0,12});|&/g, (whole: string, name: string | undefined) => {
    if (name === undefined) throw rtgError('bad_request', 'the XML body has an & that starts no reference')
    if (Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name]
    const numeric = /^#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(name)
    if (!numeric) throw rtgError('bad_request', `the XML body refers to an undeclared entity ${whole}`)
    const code = numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2], 16)
    if (!isXmlChar(code)) throw rtgError('bad_request', `the XML body refers to a character XML does not allow: ${whole}`)
    return String.fromCodePoint(code)
  })
}

/** One element as read: its attributes, its text (text and CDATA in order) and its child elements. */
interface XmlElement {
  name: string
  attributes: Record<string, string>
  text: string
  children: XmlElement[]
}

type OrderedNode = Record<string, unknown>

function textOf(nodes: unknown): string {
  return (Array.isArray(nodes) ? nodes : []).map((node) => String((node as OrderedNode)['#text'] ?? '')).join('')
}

function elementOf(name: string, node: OrderedNode): XmlElement {
  const attributes: Record<string, string> = {}
  for (const [key, value] of Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {})) {
    attributes[key] = decodeReferences(String(value))
  }
  const segments: { text: string; literal: boolean }[] = []
  const children: XmlElement[] = []
  for (const child of node[name] as OrderedNode[]) {
    if ('#text' in child) segments.push({ text: decodeReferences(String(child['#text'])), literal: true })
    // CDATA content is taken as written; comments are not content at all
    else if ('#cdata' in child) segments.push({ text: textOf(child['#cdata']), literal: false })
    else if (!('#comment' in child)) {
      const childName = Object.keys(child).find((key) => key !== ':@')
      if (childName !== undefined) children.push(elementOf(childName, child))
    }
  }
  // Indentation around the content goes (as the parser's trimming did before); spaces inside it, next to a CDATA
  // section or a comment, stay: "a <![CDATA[b]]> c" is "a b c".
  if (segments.length && segments[0].literal) segments[0].text = segments[0].text.trimStart()
  const last = segments[segments.length - 1]
  if (last?.literal) last.text = last.text.trimEnd()
  return { name, attributes, text: segments.map((s) => s.text).join(''), children }
}

/** One parsed element, typecast as Rails' Hash.from_xml does with the type and nil attributes. */
function xmlValue(element: XmlElement): unknown {
  if (element.attributes['@_nil'] === 'true') return null
  const type = element.attributes['@_type']
  const text = element.text
  if (type === 'array') return element.children.map(xmlValue)
  if (type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text
  if (type === 'boolean') return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text
  if (element.children.length === 0) return text === '' ? null : text
  // Repeated elements become an array, as Hash.from_xml makes them.
  const grouped = new Map<string, unknown[]>()
  for (const child of element.children) {
    if (FORBIDDEN_KEYS.has(child.name)) continue
    const values = grouped.get(child.name) ?? []
    values.push(xmlValue(child))
    grouped.set(child.name, values)
  }
  const hash: Record<string, unknown> = {}
  for (const [name, values] of grouped) hash[underscore(name)] = values.length === 1 ? values[0] : values
  return hash
}

/** "<instance><plan>small</plan></instance>" -> { instance: { plan: "small" } }. */
export function parseXmlParams(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  // No DTDs: entity expansion is a denial-of-service vector and Rails' parser would not need one here.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw malformed('XML documents with a DTD are not accepted')
  // XML 1.0 §2.2: a raw control character (or U+FFFE, a lone surrogate) makes the document not well-formed.
  if (NOT_XML_CHAR.test(text)) throw rtgError('bad_request', 'the XML body holds a character XML does not allow')
  // the core's one depth limit, checked on the text: the typecast below is recursive
  if (xmlTextTooDeep(text)) throw malformed(`the XML body is nested deeper than ${MAX_NESTING_DEPTH} levels`)
  if (XMLValidator.validate(text) !== true) throw malformed('the XML body could not be parsed')
  let document: OrderedNode[]
  try {
    document = xmlParser.parse(text) as OrderedNode[]
  } catch {
    throw malformed('the XML body could not be parsed')
  }
  const roots = document.flatMap((node) => Object.keys(node).filter((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?')).map((key) => ({ key, node })))
  if (roots.length !== 1 || FORBIDDEN_KEYS.has(roots[0].key)) throw malformed('an XML body has exactly one root element')
  const root = elementOf(roots[0].key, roots[0].node)
  return { [underscore(root.name)]: xmlValue(root) }
}

function xmlBodyParser(limit: number): RequestHandler[] {
  // The bytes, not text: the document's own declaration says how to read them (issue 22 item 6).
  const readBytes = express.raw({ limit, type: XML_TYPES })
  const toParams: RequestHandler = (req, _res, next) => {
    if (Buffer.isBuffer(req.body) && req.is(XML_TYPES)) req.body = parseXmlParams(decodeXmlBytes(req.body, req.get('content-type')))
    next()
  }
  return [readBytes, toParams]
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
