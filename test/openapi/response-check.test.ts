// issue #19: the test-mode check reports every response that drifts from its provider's document, and nothing else.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ApiDescription } from '../../src/core/openapi.js'
import { ResponseChecker } from '../../src/control/response-check.js'
import { createHarness, tempDir, type Harness } from '../helpers/harness.js'
import { createInstance, rtg } from '../helpers/redistogo.js'

const thing = z.strictObject({ id: z.number().int(), name: z.string() })
const envelope = z.strictObject({ error: z.string() })

const api: ApiDescription = {
  title: 't',
  description: 'd',
  version: '1',
  securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
  errorBody: envelope,
  commonErrors: { 400: 'bad body' },
  unknownRoute: { 404: 'no route' },
  securedErrors: { 401: 'no credentials' },
  tags: { things: 'things' },
  operations: [
    { method: 'get', path: '/things/{id}', operationId: 'getThing', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: thing }, 404: { description: 'gone', body: envelope } } },
    { method: 'get', path: '/things/special', operationId: 'getSpecial', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: z.array(thing) } } },
    { method: 'delete', path: '/things/{id}', operationId: 'deleteThing', summary: 's', tag: 'things', source: 'inferred: test', responses: { 204: { description: 'no body' } } },
  ],
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

describe('ResponseChecker', () => {
  const checker = new ResponseChecker('test', api)

  it('accepts a documented status, content type and body', () => {
    expect(checker.check('GET', '/things/7', 200, 'application/json; charset=utf-8', json({ id: 7, name: 'a' }))).toBeUndefined()
    expect(checker.check('DELETE', '/things/7', 204, '', Buffer.alloc(0))).toBeUndefined()
    expect(checker.check('GET', '/things/7', 401, 'application/json', json({ error: 'who?' }))).toBeUndefined()
  })

  it('reports a body that misses a key, has an extra one or a wrong type', () => {
    expect(checker.check('GET', '/things/7', 200, 'application/json', json({ id: 7 }))).toMatch(/body does not match GET \/things\/\{id\} 200: \(root\) must have required property 'name'/)
    expect(checker.check('GET', '/things/7', 200, 'application/json', json({ id: 7, name: 'a', extra: 1 }))).toMatch(/additional/)
    expect(checker.check('GET', '/things/7', 200, 'application/json', json({ id: '7', name: 'a' }))).toMatch(/\/id must be integer/)
  })

  it('reports an undocumented status, content type, a missing or unexpected body', () => {
    expect(checker.check('GET', '/things/7', 409, 'application/json', json({ error: 'x' }))).toBe('status 409 is not documented for GET /things/{id}')
    expect(checker.check('GET', '/things/7', 200, 'text/html', Buffer.from('<p>'))).toMatch(/content type "text\/html" is not documented/)
    expect(checker.check('GET', '/things/7', 200, 'application/json', Buffer.alloc(0))).toMatch(/an empty body where GET \/things\/\{id\} documents one/)
    expect(checker.check('DELETE', '/things/7', 204, 'application/json', json({}))).toMatch(/a body \(application\/json\) where DELETE/)
    expect(checker.check('GET', '/things/7', 200, 'application/json', Buffer.from('{'))).toMatch(/does not parse/)
  })

  it('matches the template with the most literal characters (/things/special over /things/{id})', () => {
    expect(checker.check('GET', '/things/special', 200, 'application/json', json([{ id: 1, name: 'a' }]))).toBeUndefined()
    expect(checker.check('GET', '/things/special', 200, 'application/json', json({ id: 1, name: 'a' }))).toMatch(/GET \/things\/special 200/)
  })

  it('an unknown route must give an unknown-route or common answer in the envelope', () => {
    expect(checker.check('GET', '/nothing', 404, 'application/json', json({ error: 'no route' }))).toBeUndefined()
    expect(checker.check('POST', '/things/7', 400, 'application/json', json({ error: 'bad' }))).toBeUndefined()
    expect(checker.check('GET', '/nothing', 404, 'application/json', json({ message: 'no route' }))).toMatch(/body does not match an unknown route/)
    expect(checker.check('GET', '/nothing', 200, 'application/json', json({}))).toMatch(/status 200 is not documented for an unknown route/)
    expect(checker.check('GET', '/nothing', 418, 'application/json', json({ error: 'x' }))).toMatch(/status 418 is not documented/)
  })

  it('HEAD is checked as GET without a body', () => {
    expect(checker.check('HEAD', '/things/7', 200, 'application/json', Buffer.alloc(0))).toBeUndefined()
    expect(checker.check('HEAD', '/things/7', 409, 'application/json', Buffer.alloc(0))).toMatch(/status 409/)
  })
})

describe('test mode on a running emulator (Redis To Go)', () => {
  let h: Harness
  let file: string
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    const dir = await tempDir()
    cleanup = dir.cleanup
    file = join(dir.dir, 'violations.jsonl')
    h = await createHarness({}, { responseViolations: file })
  })
  afterEach(async () => {
    await h.emulator.store.close()
    await cleanup()
  })
  const violations = () => (existsSync(file) ? readFileSync(file, 'utf-8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [])

  it('answers that match the document report nothing', async () => {
    const created = await createInstance(h)
    expect((await rtg(h, 'get', `/instances/${created.id}.xml`)).status).toBe(200)
    expect((await rtg(h, 'get', '/instances/999.json')).status).toBe(404)
    expect((await h.request('redistogo').get('/instances.json')).status).toBe(401)
    expect(violations()).toEqual([])
  })

  it('a stored record that drifted from the schema is reported, in JSON and in XML', async () => {
    const created = await createInstance(h)
    await h.emulator.store.mutate('redistogo', (draft: any) => {
      delete draft.instances[String(created.id)].hostname
    })
    await rtg(h, 'get', `/instances/${created.id}.json`)
    await rtg(h, 'get', `/instances/${created.id}.xml`)
    const found = violations()
    expect(found).toHaveLength(2)
    expect(found[0]).toMatchObject({ provider: 'redistogo', method: 'GET', path: `/instances/${created.id}.json`, status: 200 })
    expect(found[0].problem).toMatch(/must have required property 'hostname'/)
    expect(found[1].contentType).toMatch(/^application\/xml/)
    expect(found[1].problem).toMatch(/must have required property 'hostname'/)
  })

  it("an injected fault's answer is the rule's, not the provider's: not checked", async () => {
    await h.request('redistogo').post('/_emulator/faults').send({ provider: 'redistogo', path: '/instances.json', status: 418, code: 'teapot' }).expect(201)
    expect((await rtg(h, 'get', '/instances.json')).status).toBe(418)
    expect(violations()).toEqual([])
  })
})

describe('shared schemas', () => {
  it('a schema with a meta id is one component every operation refers to; two different schemas with one id are refused', async () => {
    const { buildOpenApiDocument } = await import('../../src/core/openapi.js')
    const shared = z.strictObject({ id: z.number() }).meta({ id: 'SharedThingForTest' })
    const doc = buildOpenApiDocument('t', { ...api, operations: [
      { method: 'get', path: '/a', operationId: 'a', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: shared } } },
      { method: 'get', path: '/b', operationId: 'b', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: z.array(shared) } } },
    ] }, { servers: [] }) as any
    expect(doc.components.schemas.SharedThingForTest).toEqual({ type: 'object', properties: { id: { type: 'number' } }, required: ['id'], additionalProperties: false })
    expect(doc.paths['/a'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SharedThingForTest' })
    expect(doc.paths['/b'].get.responses['200'].content['application/json'].schema.items).toEqual({ $ref: '#/components/schemas/SharedThingForTest' })
    const impostor = z.strictObject({ name: z.string() }).meta({ id: 'ImpostorForTest' })
    const other = z.strictObject({ other: z.string() })
    expect(() =>
      buildOpenApiDocument('t', { ...api, operations: [
        { method: 'get', path: '/a', operationId: 'a', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: impostor } } },
        { method: 'get', path: '/b', operationId: 'b', summary: 's', tag: 'things', source: 'inferred: test', responses: { 200: { description: 'ok', body: z.object({ x: other.meta({ id: 'ImpostorForTest' }) }) } } },
      ] }, { servers: [] }),
    ).toThrow()
  })
})
