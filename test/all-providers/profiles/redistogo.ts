// Redis To Go for the hardening suites: /instances in JSON and XML, Basic auth per account, Rails-style errors.
import { XMLParser } from 'fast-xml-parser'
import { z } from 'zod'
import { basicAuth, jsonRequest as json, parseJson, type Answer, type Outgoing } from '../client.js'
import { headReading, readJsonError } from './shared.js'
import type { Fixture, Profile, RouteSpec } from './types.js'

const OWNER = basicAuth('redistogo', 'redistogo')
const OTHER = basicAuth('waratuman', 'waratuman')
const XML = 'application/xml'

const jsonIds = (a: Answer): string[] => parseJson(a).map((e: { instance: { id: number } }) => String(e.instance.id))
const xmlIds = (a: Answer): string[] => {
  const doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'instance' }).parse(a.text)
  return (doc.instances?.instance ?? []).map((i: { id: string }) => String(i.id))
}

const route = (name: string, method: RouteSpec['method'], path: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({
  name,
  method,
  path,
  ok: 200,
  writes: method !== 'GET',
  scope: path.includes('{instance}') ? 'hidden' : 'open',
  ...extra,
})

const routes: RouteSpec[] = [
  route('list (json)', 'GET', '/instances.json', { scope: 'listing', listed: (a) => jsonIds(a) }),
  route('list (xml)', 'GET', '/instances.xml', { scope: 'listing', listed: (a) => xmlIds(a) }),
  route('list (no suffix)', 'GET', '/instances', { scope: 'listing', listed: (a) => jsonIds(a) }),
  route('show (json)', 'GET', '/instances/{instance}.json'),
  route('show (xml)', 'GET', '/instances/{instance}.xml'),
  route('create (json)', 'POST', '/instances.json', { body: () => ({ instance: { plan: 'nano' } }), ok: 201 }),
  route('create (xml)', 'POST', '/instances.xml', { body: () => '<instance><plan>nano</plan></instance>', contentType: XML, ok: 201 }),
  route('create (form)', 'POST', '/instances', { body: () => 'instance[plan]=nano', contentType: 'application/x-www-form-urlencoded', ok: 201 }),
  route('update (json)', 'PUT', '/instances/{instance}.json', { body: () => ({ instance: { label: 'renamed', timeout: 300 } }) }),
  route('update (xml)', 'PUT', '/instances/{instance}.xml', { body: () => '<instance><label>renamed</label><timeout type="integer">300</timeout></instance>', contentType: XML }),
  route('destroy', 'DELETE', '/instances/{instance}.json'),
]

const jsonEnvelope = z.strictObject({ errors: z.array(z.string().min(1)).min(1) })
const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'error' })

/** seed 003 / format.ts: the `.json`/`.xml` suffix wins, then Accept; errors fall back to JSON for anything else. */
function expectedFormat(request: Outgoing): 'json' | 'xml' {
  const path = request.path.split('?')[0]
  const last = path.replace(/\/+$/, '').split('/').pop() ?? ''
  const dot = last.lastIndexOf('.')
  if (dot >= 0) return last.slice(dot + 1) === 'xml' ? 'xml' : 'json'
  const accept = request.headers?.accept ?? ''
  return /xml/.test(accept) && !/json|\*\/\*/.test(accept) ? 'xml' : 'json'
}


export const redistogoProfile: Profile = {
  id: 'redistogo',
  listener: 'redistogo',
  async prepare(client, emulator) {
    const res = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano' } }), OWNER)
    if (res.status !== 201) throw new Error(`prepare: ${res.status} ${res.text}`)
    emulator.clock.advance(60_000)
    await client.send({ method: 'GET', path: '/instances.json' }, OWNER)
    return {
      params: { instance: String(parseJson(res).id) },
      values: {},
      a: OWNER,
      b: OTHER,
      wrong: {
        'wrong password': basicAuth('redistogo', 'waratuman'),
        'unknown user': basicAuth('nobody', 'redistogo'),
        'malformed Basic': () => ({ authorization: 'Basic ###' }),
        'token instead of Basic': () => ({ authorization: 'Token token=redistogo' }),
      },
      roles: {},
    } satisfies Fixture
  },
  routes,
  readError(request: Outgoing, answer: Answer) {
    const head = headReading(request)
    if (head) return head
    // reference §1: Rails' Basic challenge answers plain text whatever format was asked for
    if (answer.status === 401) {
      if (answer.headers['www-authenticate'] !== 'Basic realm="Application"') return { problem: `401 challenge ${String(answer.headers['www-authenticate'])}` }
      if (!String(answer.headers['content-type']).startsWith('text/plain') || answer.text !== 'HTTP Basic: Access denied.\n') {
        return { problem: `401 body ${answer.text}` }
      }
      return { code: 'access_denied' }
    }
    // Rails' respond_to: head :not_acceptable, no body
    if (answer.status === 406) return answer.text === '' ? { code: 'not_acceptable' } : { problem: `406 with a body: ${answer.text}` }
    if (expectedFormat(request) === 'xml') {
      if (!String(answer.headers['content-type']).startsWith(XML)) return { problem: `XML asked, content-type ${String(answer.headers['content-type'])}` }
      const doc = xmlParser.parse(answer.text) as { errors?: { error?: unknown[] } }
      const errors = doc.errors?.error
      if (!Array.isArray(errors) || errors.length === 0 || errors.some((e) => typeof e !== 'string' || e === '')) return { problem: `XML errors ${answer.text}` }
      return { code: 'errors' }
    }
    const read = readJsonError(answer, jsonEnvelope)
    return 'problem' in read ? read : { code: 'errors' }
  },
  codes: { unauthenticated: () => 'access_denied', notFound: () => 'errors', tooLarge: () => 'errors' },
  concurrency: {
    create: (i) => json('POST', '/instances.json', { instance: { plan: 'nano', label: `conc-${i}` } }),
    createdId: (a) => String(parseJson(a).id),
    uniques: (a) => [`server ${parseJson(a).server_id} port ${parseJson(a).port}`],
    list: () => ({ method: 'GET', path: '/instances.json' }),
    listedIds: jsonIds,
    update: (i, f) => {
      const field = ['label', 'timeout', 'databases', 'appendfsync'][i % 4]
      const value = field === 'label' ? `w-${i}` : field === 'timeout' ? 100 + i : field === 'databases' ? 2 + i : ['always', 'no'][i % 2]
      return { request: json('PUT', `/instances/${f.params.instance}.json`, { instance: { [field]: value } }), field, value }
    },
    read: (f) => ({ method: 'GET', path: `/instances/${f.params.instance}.json` }),
    fieldOf: (a, field) => parseJson(a)[field],
    remove: (f) => ({ method: 'DELETE', path: `/instances/${f.params.instance}.json` }),
  },
}
