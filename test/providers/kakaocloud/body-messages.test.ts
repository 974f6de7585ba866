// Bodies that cannot be read (issue 22 item 2): the docs' own curl examples send JSON without a Content-Type; the
// answer stays 400 but names what is wrong (content type, missing body, not JSON), the same way on every route.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { ADMIN_KEY, clusterBody, createRunning, defaultGroup, instanceSetBody, READY_TOKEN, tokenRequest } from '../../helpers/kakaocloud.js'

const run = promisify(execFile)

const MISSING = 'the request body is missing: send a JSON object with Content-Type: application/json'
const notJsonType = (type: string) => `the request body must be sent with Content-Type: application/json, not ${type}`
const NO_TYPE = 'the request body must be sent with Content-Type: application/json (the request has none)'
const NOT_JSON = 'the request body is not valid JSON'
const memstore = (message: string) => ({ error: { code: 'BadRequest', message } })

const KEYSTONE_TAIL = ' The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.'
const keystone = (message: string) => ({ error: { code: 400, message: message + KEYSTONE_TAIL, title: 'Bad Request' } })

/** Runs curl as the docs write it and returns the status and the parsed body. */
async function curl(args: string[]): Promise<{ status: number; body: any }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args])
  const cut = stdout.lastIndexOf('\n')
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) }
}

describe('kakaocloud: the docs\' curl examples without a Content-Type', () => {
  let emulator: RunningEmulator
  let base: string
  let set: string
  beforeAll(async () => {
    emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
    base = emulator.urls.kakaocloud
    const created = await fetch(`${base}/v1/instance-sets`, {
      method: 'POST',
      headers: { 'X-Auth-Token': READY_TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify(instanceSetBody({ instanceSetName: 'curl-set' })),
    })
    expect(created.status).toBe(201)
    set = ((await created.json()) as { objectId: string }).objectId
  })
  afterAll(async () => {
    await emulator.close()
  })

  const group = defaultGroup('6.2.5', false).objectId

  it('reference §4 parameter groups: `curl -X POST .../v1/parameter-groups -H "X-Auth-Token: ..." -d \'{...}\'` is 400 naming the content type curl sent', async () => {
    const body = JSON.stringify({ parameterGroupId: group, name: 'curl-group', description: 'from the docs' })
    const res = await curl(['-X', 'POST', `${base}/v1/parameter-groups`, '-H', `X-Auth-Token: ${READY_TOKEN}`, '-d', body])
    expect(res).toEqual({ status: 400, body: memstore(notJsonType('application/x-www-form-urlencoded')) })
    // the same command with the content type is accepted
    const fixed = await curl(['-X', 'POST', `${base}/v1/parameter-groups`, '-H', `X-Auth-Token: ${READY_TOKEN}`, '-H', 'Content-Type: application/json', '-d', body])
    expect(fixed.status).toBe(201)
  })

  it('reference §4 backups: `curl -X POST .../v1/backups -H "X-Auth-Token: ..." -d \'{...}\'` is 400 naming the content type curl sent', async () => {
    const body = JSON.stringify({ clusterId: set, name: 'curl-backup' })
    const res = await curl(['-X', 'POST', `${base}/v1/backups`, '-H', `X-Auth-Token: ${READY_TOKEN}`, '-d', body])
    expect(res).toEqual({ status: 400, body: memstore(notJsonType('application/x-www-form-urlencoded')) })
    const fixed = await curl(['-X', 'POST', `${base}/v1/backups`, '-H', `X-Auth-Token: ${READY_TOKEN}`, '-H', 'Content-Type: application/json', '-d', body])
    expect(fixed.status).toBe(201)
  })

  it('a body sent with no Content-Type header at all (curl -H "Content-Type:") is 400 saying there is none', async () => {
    const body = JSON.stringify({ parameterGroupId: group, name: 'no-type-group' })
    const res = await curl(['-X', 'POST', `${base}/v1/parameter-groups`, '-H', `X-Auth-Token: ${READY_TOKEN}`, '-H', 'Content-Type:', '-d', body])
    expect(res).toEqual({ status: 400, body: memstore(NO_TYPE) })
  })

  it('Keystone: the token request sent as curl -d gets Keystone\'s "Expecting to find application/json in Content-Type header"', async () => {
    const res = await curl(['-X', 'POST', `${base}/identity/v3/auth/tokens`, '-d', JSON.stringify(tokenRequest(ADMIN_KEY))])
    expect(res).toEqual({ status: 400, body: keystone('Expecting to find application/json in Content-Type header.') })
  })
})

describe('kakaocloud: one wording for unreadable bodies on every route that takes one', () => {
  let h: Harness
  let routes: { path: string; method: 'post' | 'put'; valid: () => object }[]
  beforeEach(async () => {
    h = await createHarness()
    const set = await createRunning(h, 'instance-sets', instanceSetBody({ instanceSetName: 'body-set' }))
    routes = [
      { method: 'post', path: '/v1/clusters', valid: () => clusterBody({ name: 'body-cluster' }) },
      { method: 'post', path: '/v1/instance-sets', valid: () => instanceSetBody({ instanceSetName: 'other-set' }) },
      { method: 'post', path: '/v1/parameter-groups', valid: () => ({ parameterGroupId: defaultGroup('6.2.5', false).objectId, name: 'body-group' }) },
      { method: 'post', path: '/v1/backups', valid: () => ({ clusterId: set, name: 'body-backup' }) },
      { method: 'put', path: `/v1/_emulator/clusters/${set}/parameter-group-sync-status`, valid: () => ({ parameterGroupSyncStatus: 'Suspended' }) },
    ]
  })

  it('MemStore: no body, a body in another content type, and broken JSON each get their own 400 message', async () => {
    for (const route of routes) {
      const call = () => h.request('kakaocloud')[route.method](route.path).set('X-Auth-Token', READY_TOKEN)
      let res = await call()
      expect([route.path, res.status, res.body]).toEqual([route.path, 400, memstore(MISSING)])
      res = await call().set('Content-Type', 'application/x-www-form-urlencoded').send(JSON.stringify(route.valid()))
      expect([route.path, res.status, res.body]).toEqual([route.path, 400, memstore(notJsonType('application/x-www-form-urlencoded'))])
      res = await call().set('Content-Type', 'text/plain; charset=utf-8').send(JSON.stringify(route.valid()))
      expect([route.path, res.status, res.body]).toEqual([route.path, 400, memstore(notJsonType('text/plain; charset=utf-8'))])
      res = await call().set('Content-Type', 'application/json').send('{"name":')
      expect([route.path, res.status, res.body]).toEqual([route.path, 400, memstore(NOT_JSON)])
      // and a well-formed JSON body still reaches the field checks / succeeds
      res = await call().send(route.valid())
      expect([route.path, res.status]).toEqual([route.path, route.method === 'post' ? 201 : 200])
    }
  })

  it('an empty body sent as application/json is missing too (not blamed on the fields); "{}" reaches the field checks', async () => {
    const post = () => h.request('kakaocloud').post('/v1/backups').set('X-Auth-Token', READY_TOKEN).set('Content-Type', 'application/json')
    let res = await post().send('')
    expect([res.status, res.body]).toEqual([400, memstore(MISSING)])
    res = await post().send('{}')
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/^clusterId: /)
  })

  it('IAM: the same three problems in Keystone\'s ValidationError wording (missing body inferred: same sentence as not JSON)', async () => {
    const tokens = () => h.request('kakaocloud').post('/identity/v3/auth/tokens')
    let res = await tokens()
    expect(res.status).toBe(400)
    expect(res.body).toEqual(keystone('Expecting to find valid JSON object in request body.'))
    res = await tokens().set('Content-Type', 'application/x-www-form-urlencoded').send(JSON.stringify(tokenRequest(ADMIN_KEY)))
    expect(res.body).toEqual(keystone('Expecting to find application/json in Content-Type header.'))
    res = await tokens().set('Content-Type', 'application/json').send('{"auth":')
    expect(res.body).toEqual(keystone('Expecting to find valid JSON object in request body.'))
    expect((await tokens().send(tokenRequest(ADMIN_KEY))).status).toBe(201)
  })
})
