// Redis To Go test helpers: the default accounts, authenticated requests, instance creation and an ordered XML reader.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLParser } from 'fast-xml-parser'
import { expect } from 'vitest'
import type { Harness } from './harness.js'

export const RTG = 'redistogo'

export interface Credentials {
  username: string
  password: string
}

/** fixtures/redistogo/accounts.json */
export const OWNER: Credentials = { username: 'redistogo', password: 'redistogo' }
export const OTHER: Credentials = { username: 'waratuman', password: 'waratuman' }

type Method = 'get' | 'post' | 'put' | 'delete'

/** A supertest request on the Redis To Go app, authenticated as `account`. */
export function rtg(h: Harness, method: Method, path: string, account: Credentials = OWNER) {
  return h.request(RTG)[method](path).auth(account.username, account.password)
}

/** Creates an instance with a JSON body and returns the JSON body of the 201. */
export async function createInstance(h: Harness, plan = 'small', account: Credentials = OWNER): Promise<Record<string, any>> {
  const res = await rtg(h, 'post', '/instances.json', account).send({ instance: { plan } })
  expect(res.status).toBe(201)
  return res.body
}

/** An XML element as the tests compare it: name, attributes, text, children in document order. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  text: string
  children: XmlElement[]
}

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
})

function toElement(node: Record<string, unknown>): XmlElement {
  const name = Object.keys(node).find((key) => key !== ':@')!
  const content = node[name] as Record<string, unknown>[]
  const children: XmlElement[] = []
  let text = ''
  for (const child of content) {
    if ('#text' in child) text += String(child['#text'])
    else children.push(toElement(child))
  }
  return { name, attributes: (node[':@'] as Record<string, string>) ?? {}, text, children }
}

/** The root element and the XML declaration's attributes of a document. */
export function readXml(document: string): { declaration: Record<string, string>; root: XmlElement } {
  const nodes = orderedParser.parse(document) as Record<string, unknown>[]
  const declaration = nodes.find((n) => '?xml' in n)
  const root = nodes.find((n) => !('?xml' in n))
  if (!root) throw new Error('no root element')
  return { declaration: (declaration?.[':@'] as Record<string, string>) ?? {}, root: toElement(root) }
}

/** The child element named `name` (throws when absent, so a missing element fails the test). */
export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c) => c.name === name)
  if (!found) throw new Error(`<${element.name}> has no <${name}>`)
  return found
}

const seedExamplesDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'providers', 'redistogo', 'seed-examples')

/** A verbatim example document from seed 003 (see seed-examples/README.md). */
export function seedExample(file: 'list.xml' | 'list.json' | 'show.xml' | 'show.json'): string {
  return readFileSync(join(seedExamplesDir, file), 'utf-8')
}

/** The JSON type of a value as the seed comparison sees it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** seed 003's newer instance (/instances/1.xml) as a stored record, owned by waratuman (user_id 2). */
export const SEED_SHOW_INSTANCE = {
  label: '-9001',
  last_bgrewriteaof_at: null,
  persistence: 'aof',
  plan: 'small',
  vm_size: 0,
  created_at: '2010-12-20T00:35:22Z',
  master_password: null,
  vm_page_size: 32,
  memory: 104857600,
  port: 9001,
  server_id: 1,
  slave: false,
  timeout: 150,
  updated_at: '2010-12-20T00:35:22Z',
  databases: 1,
  memory_limit_notification: false,
  hash_max_zipmap_value: 512,
  id: 2,
  hash_max_zipmap_entries: 64,
  snapshots: ['900 1', '300 10', '60 10000'],
  user_id: 2,
  version: 'v2.0.4-stable',
  vm_max_memory: 94371840,
  activerehashing: true,
  appendfsync: 'everysec',
  master_host: null,
  vm_enabled: false,
  connections: 256,
  last_backup_at: null,
  password: 'cc3da5b7aaaad5b4895d243239beed97',
  status: 'new',
  master_port: null,
  vm_max_threads: 4,
  url: 'redis://waratuman:cc3da5b7aaaad5b4895d243239beed97@.wingedram.com:9001/',
  hostname: '.wingedram.com',
}
