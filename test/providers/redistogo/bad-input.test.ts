// Bad input, credentials and account isolation: always a 4xx in the requested format, never a 500, nothing half-written.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { OTHER, createInstance, rtg } from '../../helpers/redistogo.js'

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'

describe('redistogo: credentials (reference section 1: Rails authenticate_or_request_with_http_basic)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  const endpoints: [string, string][] = [
    ['get', '/instances'],
    ['get', '/instances.xml'],
    ['post', '/instances.json'],
    ['get', '/instances/1.json'],
    ['put', '/instances/1.xml'],
    ['delete', '/instances/1'],
    ['get', '/no-such-route'],
  ]

  it.each(endpoints)('%s %s without credentials -> 401 "HTTP Basic: Access denied." with the Basic challenge', async (method, path) => {
    const res = await (h.request('redistogo') as any)[method](path)
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Basic realm="Application"')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.text).toBe('HTTP Basic: Access denied.\n')
  })

  it.each([
    ['a wrong password', 'redistogo', 'nope'],
    ['an unknown user', 'nobody', 'redistogo'],
    ['another account\'s password', 'redistogo', 'waratuman'],
    ['empty credentials', '', ''],
  ])('%s -> 401', async (_what, user, password) => {
    const res = await h.request('redistogo').get('/instances.json').auth(user, password)
    expect(res.status).toBe(401)
    expect(res.text).toBe('HTTP Basic: Access denied.\n')
  })

  it.each([['Bearer abc'], ['Basic !!!not-base64'], ['Basic ' + Buffer.from('no-colon').toString('base64')]])(
    'a malformed Authorization header (%s) -> 401',
    async (header) => {
      const res = await h.request('redistogo').get('/instances.json').set('Authorization', header)
      expect(res.status).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Basic realm="Application"')
    },
  )

  it('a failed login changes nothing (POST with bad credentials creates no instance)', async () => {
    await h.request('redistogo').post('/instances.json').auth('redistogo', 'nope').send({ plan: 'small' })
    expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
  })
})

describe('redistogo: account isolation (each Basic-auth account sees only its own instances)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('lists are per account; the instance carries its owner\'s user_id and username in the url', async () => {
    const mine = await createInstance(h)
    const theirs = await createInstance(h, 'nano', OTHER)
    expect(theirs.user_id).toBe(2)
    expect(theirs.url).toMatch(/^redis:\/\/waratuman:/)
    expect((await rtg(h, 'get', '/instances.json')).body).toEqual([{ instance: mine }])
    expect((await rtg(h, 'get', '/instances.json', OTHER)).body).toEqual([{ instance: theirs }])
  })

  it('another account\'s id -> 404 on GET, PUT and DELETE, in the requested format, and the instance is untouched', async () => {
    const mine = await createInstance(h, 'nano')
    const get = await rtg(h, 'get', '/instances/1.json', OTHER)
    expect(get.status).toBe(404)
    expect(get.body).toEqual({ errors: ["Couldn't find Instance with ID=1"] })
    const put = await rtg(h, 'put', '/instances/1.xml', OTHER).send({ plan: 'small' })
    expect(put.status).toBe(404)
    expect(put.text).toBe(`${XML_PROLOG}<errors>\n  <error>Couldn&apos;t find Instance with ID=1</error>\n</errors>\n`)
    expect((await rtg(h, 'delete', '/instances/1', OTHER)).status).toBe(404)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toEqual(mine)
  })
})

describe('redistogo: bad input', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it.each([['/instances/999'], ['/instances/abc'], ['/instances/-1'], ['/instances/99999999999999999999999'], ['/instances/1e3']])(
    'GET %s.json (unknown id) -> 404 {"errors": [...]}',
    async (path) => {
      const res = await rtg(h, 'get', `${path}.json`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ errors: [`Couldn't find Instance with ID=${path.split('/').pop()}`] })
    },
  )

  it('an unknown id in XML -> 404 <errors>', async () => {
    const res = await rtg(h, 'get', '/instances/42.xml')
    expect(res.status).toBe(404)
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(res.text).toBe(`${XML_PROLOG}<errors>\n  <error>Couldn&apos;t find Instance with ID=42</error>\n</errors>\n`)
  })

  it('an unknown route or method -> 404 in the format asked for (Rails: no route matches)', async () => {
    const json = await rtg(h, 'get', '/plans.json')
    expect(json.status).toBe(404)
    expect(json.body).toEqual({ errors: ['no route for GET /plans.json'] })
    const xml = await rtg(h, 'get', '/plans.xml')
    expect(xml.status).toBe(404)
    expect(xml.text).toBe(`${XML_PROLOG}<errors>\n  <error>no route for GET /plans.xml</error>\n</errors>\n`)
    expect((await rtg(h, 'delete', '/instances.json')).status).toBe(404)
    expect((await h.request('redistogo').patch('/instances/1.json').auth('redistogo', 'redistogo')).status).toBe(404)
    // Express would answer OPTIONS with an Allow list; Rails has no OPTIONS route.
    const options = await h.request('redistogo').options('/instances.json').auth('redistogo', 'redistogo')
    expect(options.status).toBe(404)
    expect(options.body).toEqual({ errors: ['no route for OPTIONS /instances.json'] })
    // Rails routes are case sensitive.
    expect((await rtg(h, 'get', '/Instances.json')).status).toBe(404)
  })

  it('malformed JSON -> 400 {"errors": [...]}, nothing created', async () => {
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'application/json').send('{"instance": {"plan": ')
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: ['the request body could not be parsed'] })
    expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
  })

  it('malformed JSON to an .xml path -> 400 in XML', async () => {
    const res = await rtg(h, 'post', '/instances.xml').set('Content-Type', 'application/json').send('{nope')
    expect(res.status).toBe(400)
    expect(res.text).toBe(`${XML_PROLOG}<errors>\n  <error>the request body could not be parsed</error>\n</errors>\n`)
  })

  it.each([['<instance><plan>small</plan>'], ['<instance><plan>small</instance>'], ['not xml at all'], ['<a/><b/>']])(
    'malformed XML %j -> 400 <errors>',
    async (body) => {
      const res = await rtg(h, 'post', '/instances.xml').set('Content-Type', 'application/xml').send(body)
      expect(res.status).toBe(400)
      expect(res.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<errors>\n {2}<error>.+<\/error>\n<\/errors>\n$/)
    },
  )

  it('XML with a DTD (entity expansion) -> 400', async () => {
    const body = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><instance><plan>&b;</plan></instance>'
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'application/xml').send(body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: ['the request body could not be parsed'] })
  })

  it('a JSON body that is not an object is no attributes at all: 422 plan blank', async () => {
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'application/json').send('[1, 2]')
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ["Plan can't be blank"] })
  })

  it('a JSON primitive body -> 400 (not a JSON document Rails would parse into params)', async () => {
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'application/json').send('"small"')
    expect(res.status).toBe(400)
  })

  it.each([
    ['JSON', 'application/json', '{"instance": "small"}'],
    ['form', 'application/x-www-form-urlencoded', 'instance=small'],
    ['XML', 'application/xml', '<instance type="array"><plan>small</plan></instance>'],
  ])('%s: an instance parameter that is not a hash -> 400', async (_encoding, type, body) => {
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', type).send(body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: ['the instance parameter must be a hash'] })
  })

  it('__proto__ keys in JSON and form bodies are ignored; the XML parser refuses them (400); nothing is polluted', async () => {
    const json = await rtg(h, 'post', '/instances.json')
      .set('Content-Type', 'application/json')
      .send('{"instance": {"plan": "nano", "__proto__": {"status": "running"}}}')
    expect(json.status).toBe(201)
    expect(json.body.status).toBe('new')
    const form = await rtg(h, 'post', '/instances.json').type('form').send('instance[plan]=nano&instance[__proto__][status]=running')
    expect(form.status).toBe(201)
    const xml = await rtg(h, 'post', '/instances.json')
      .set('Content-Type', 'application/xml')
      .send('<instance><plan>nano</plan><__proto__><status>running</status></__proto__></instance>')
    expect(xml.status).toBe(400)
    expect((await rtg(h, 'get', '/instances.json')).body.map((i: { instance: { status: string } }) => i.instance.status)).toEqual(['new', 'new'])
    expect(({} as Record<string, unknown>).status).toBeUndefined()
  })

  it.each([['json', 'application/json'], ['xml', 'application/xml'], ['json', 'application/x-www-form-urlencoded']])(
    'a body over the limit (.%s, %s) -> 413 in the requested format',
    async (format, type) => {
      const big = 'x'.repeat(1024 * 1024 + 10)
      const body = type === 'application/json' ? JSON.stringify({ plan: big }) : type === 'application/xml' ? `<plan>${big}</plan>` : `plan=${big}`
      const res = await rtg(h, 'post', `/instances.${format}`).set('Content-Type', type).send(body)
      expect(res.status).toBe(413)
      if (format === 'json') expect(res.body).toEqual({ errors: ['the request body is too large'] })
      else expect(res.text).toBe(`${XML_PROLOG}<errors>\n  <error>the request body is too large</error>\n</errors>\n`)
      expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
    },
  )

  it('an unsupported body type (text/plain) is ignored: 422 plan blank', async () => {
    const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'text/plain').send('plan=small')
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ["Plan can't be blank"] })
  })

  it('a malformed %-escape in the path -> 400, not a 500', async () => {
    const res = await rtg(h, 'get', '/instances/%E0%A4%A.json')
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('a failed PUT leaves the store exactly as it was', async () => {
    await createInstance(h, 'nano')
    const before = JSON.stringify(h.emulator.store.read('redistogo'))
    await rtg(h, 'put', '/instances/1.json').send({ plan: 'small', timeout: 5 })
    await rtg(h, 'put', '/instances/1.json').send({ timeout: 'x' })
    await rtg(h, 'put', '/instances/1.json').set('Content-Type', 'application/json').send('{')
    expect(JSON.stringify(h.emulator.store.read('redistogo'))).toBe(before)
  })
})
