// Every endpoint in both formats, the three body encodings, format negotiation and the new -> running machine.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { SEED_SHOW_INSTANCE, child, createInstance, readXml, rtg } from '../../helpers/redistogo.js'

const LOCATION = /^http:\/\/127\.0\.0\.1:\d+\/instances\/(\d+)$/

describe('redistogo: endpoints (seed 003)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  describe('POST /instances(.:format)', () => {
    it('JSON body {"instance": {"plan"}} -> 201, Location, the new instance bare, status new (seed 003, reference section 2)', async () => {
      const res = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'small' } })
      expect(res.status).toBe(201)
      expect(res.headers.location).toMatch(LOCATION)
      expect(res.headers.location.match(LOCATION)![1]).toBe('1')
      const password = res.body.password as string
      expect(password).toMatch(/^[0-9a-f]{32}$/)
      // Creation defaults are the values of seed 003's newer example (/instances/1.xml); only identity, owner,
      // placement and time differ.
      expect(res.body).toEqual({
        ...SEED_SHOW_INSTANCE,
        label: 'cod-9001',
        created_at: '2026-01-15T10:00:00Z',
        updated_at: '2026-01-15T10:00:00Z',
        id: 1,
        user_id: 1,
        password,
        url: `redis://redistogo:${password}@cod.redistogo.com:9001/`,
        hostname: 'cod.redistogo.com',
      })
    })

    it('unwrapped JSON {"plan": "nano"} is accepted too (issue 6); nano is 5 MB / 10 connections', async () => {
      const res = await rtg(h, 'post', '/instances.json').send({ plan: 'nano' })
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ plan: 'nano', memory: 5242880, connections: 10, vm_max_memory: 4718592 })
    })

    it('XML body <instance><plan>small</plan></instance> to /instances.xml -> 201 and an <instance> document', async () => {
      const res = await rtg(h, 'post', '/instances.xml')
        .set('Content-Type', 'application/xml')
        .send('<?xml version="1.0" encoding="UTF-8"?><instance><plan>small</plan></instance>')
      expect(res.status).toBe(201)
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
      expect(res.headers.location).toMatch(LOCATION)
      const { root } = readXml(res.text)
      expect(root.name).toBe('instance')
      expect(child(root, 'plan').text).toBe('small')
      expect(child(root, 'status').text).toBe('new')
      expect(child(root, 'memory')).toEqual({ name: 'memory', attributes: { type: 'integer' }, text: '104857600', children: [] })
    })

    it('bare XML <plan>nano</plan> (text/xml) is accepted as the unwrapped form', async () => {
      const res = await rtg(h, 'post', '/instances.json').set('Content-Type', 'text/xml').send('<plan>nano</plan>')
      expect(res.status).toBe(201)
      expect(res.body.plan).toBe('nano')
    })

    it('form body instance[plan]=small -> 201 (Rails params nesting)', async () => {
      const res = await rtg(h, 'post', '/instances.json').type('form').send('instance[plan]=small&instance[label]=web')
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ plan: 'small', label: 'web' })
    })

    it('form body plan=nano (unwrapped) -> 201', async () => {
      const res = await rtg(h, 'post', '/instances').type('form').send('plan=nano')
      expect(res.status).toBe(201)
      expect(res.body.plan).toBe('nano')
    })

    it('ids count up and each instance gets the next free port on its server', async () => {
      const a = await createInstance(h)
      const b = await createInstance(h, 'nano')
      expect([a.id, b.id]).toEqual([1, 2])
      expect([a.port, b.port]).toEqual([9001, 9002])
      expect(b.label).toBe('cod-9002')
    })
  })

  describe('GET /instances(.:format)', () => {
    it('JSON: an empty array when the account has no instance', async () => {
      const res = await rtg(h, 'get', '/instances.json')
      expect(res.status).toBe(200)
      expect(res.body).toEqual([])
    })

    it('JSON: [{"instance": {...}}] in id order, the same objects GET /instances/:id returns (seed 003 list example)', async () => {
      const a = await createInstance(h)
      const b = await createInstance(h, 'nano')
      const res = await rtg(h, 'get', '/instances.json')
      expect(res.body).toEqual([{ instance: a }, { instance: b }])
    })

    it('XML: an empty list is <instances type="array"/>', async () => {
      const res = await rtg(h, 'get', '/instances.xml')
      expect(res.status).toBe(200)
      expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<instances type="array"/>\n')
    })

    it('XML: <instances type="array"> with one <instance> per instance', async () => {
      const a = await createInstance(h)
      const res = await rtg(h, 'get', '/instances.xml')
      const { root } = readXml(res.text)
      expect(root.attributes).toEqual({ type: 'array' })
      expect(root.children).toHaveLength(1)
      expect(child(root.children[0], 'id').text).toBe(String(a.id))
      expect(child(root.children[0], 'snapshots')).toEqual({
        name: 'snapshots',
        attributes: { type: 'array' },
        text: '',
        children: ['900 1', '300 10', '60 10000'].map((text) => ({ name: 'snapshot', attributes: {}, text, children: [] })),
      })
    })
  })

  describe('GET /instances/:id(.:format)', () => {
    it('JSON: the bare object (seed 003 show example)', async () => {
      const a = await createInstance(h)
      const res = await rtg(h, 'get', '/instances/1.json')
      expect(res.status).toBe(200)
      expect(res.body).toEqual(a)
    })

    it('XML: <instance> with Rails type attributes and nil="true" for nulls', async () => {
      await createInstance(h)
      const res = await rtg(h, 'get', '/instances/1.xml')
      expect(res.status).toBe(200)
      const { root } = readXml(res.text)
      expect(child(root, 'id')).toMatchObject({ attributes: { type: 'integer' }, text: '1' })
      expect(child(root, 'slave')).toMatchObject({ attributes: { type: 'boolean' }, text: 'false' })
      expect(child(root, 'created-at')).toMatchObject({ attributes: { type: 'datetime' }, text: '2026-01-15T10:00:00Z' })
      expect(child(root, 'last-backup-at')).toMatchObject({ attributes: { type: 'datetime', nil: 'true' }, text: '' })
      expect(child(root, 'master-host')).toMatchObject({ attributes: { nil: 'true' }, text: '' })
      expect(child(root, 'master-port')).toMatchObject({ attributes: { nil: 'true' }, text: '' })
      expect(child(root, 'url').text).toMatch(/^redis:\/\/redistogo:[0-9a-f]{32}@cod\.redistogo\.com:9001\/$/)
    })

    it('XML escapes text values (a label with markup characters)', async () => {
      await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'nano', label: 'a<b>&"c"' } })
      const res = await rtg(h, 'get', '/instances/1.xml')
      expect(res.text).toContain('<label>a&lt;b&gt;&amp;&quot;c&quot;</label>')
      expect(child(readXml(res.text).root, 'label').text).toBe('a<b>&"c"')
    })
  })

  describe('PUT /instances/:id(.:format)', () => {
    it('JSON plan upgrade -> 200 with an empty body (Rails head :ok, reference section 2)', async () => {
      await createInstance(h, 'nano')
      const res = await rtg(h, 'put', '/instances/1.json').send({ instance: { plan: 'small' } })
      expect(res.status).toBe(200)
      expect(res.text).toBe('')
      expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'small', memory: 104857600 })
    })

    it('XML plan upgrade -> 200 with an empty body', async () => {
      await createInstance(h, 'nano')
      const res = await rtg(h, 'put', '/instances/1.xml').set('Content-Type', 'application/xml').send('<instance><plan>small</plan></instance>')
      expect(res.status).toBe(200)
      expect(res.text).toBe('')
      expect((await rtg(h, 'get', '/instances/1.json')).body.plan).toBe('small')
    })

    it('form plan upgrade instance[plan]=small -> 200', async () => {
      await createInstance(h, 'nano')
      const res = await rtg(h, 'put', '/instances/1').type('form').send('instance[plan]=small')
      expect(res.status).toBe(200)
      expect((await rtg(h, 'get', '/instances/1.json')).body.plan).toBe('small')
    })
  })

  describe('DELETE /instances/:id(.:format)', () => {
    it('JSON: 200 with an empty body (Rails head :ok), then 404 on GET, PUT and DELETE', async () => {
      await createInstance(h)
      const res = await rtg(h, 'delete', '/instances/1.json')
      expect(res.status).toBe(200)
      expect(res.text).toBe('')
      expect((await rtg(h, 'get', '/instances/1.json')).status).toBe(404)
      expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'small' })).status).toBe(404)
      expect((await rtg(h, 'delete', '/instances/1.json')).status).toBe(404)
      expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
    })

    it('XML: 200 with an empty body; the port is free again for the next instance', async () => {
      await createInstance(h)
      const res = await rtg(h, 'delete', '/instances/1.xml')
      expect(res.status).toBe(200)
      expect(res.text).toBe('')
      const next = await createInstance(h)
      expect({ id: next.id, port: next.port }).toEqual({ id: 2, port: 9001 })
    })
  })

  describe('format negotiation (reference section 1)', () => {
    it('no suffix and no Accept -> JSON (issue 6 says JSON by default; the reference would have leaned to XML)', async () => {
      await createInstance(h)
      const res = await h.request('redistogo').get('/instances/1').auth('redistogo', 'redistogo').unset('Accept')
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    })

    it('Accept: */* (curl) -> JSON', async () => {
      const res = await rtg(h, 'get', '/instances').set('Accept', '*/*')
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    })

    it.each([['application/xml'], ['text/xml']])('no suffix, Accept: %s -> XML', async (accept) => {
      const res = await rtg(h, 'get', '/instances').set('Accept', accept)
      expect(res.status).toBe(200)
      expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<instances type="array"/>\n')
    })

    it('the suffix wins over Accept', async () => {
      const res = await rtg(h, 'get', '/instances.json').set('Accept', 'application/xml')
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    })

    it('an unknown suffix (.yaml) -> 406 with no body, before anything changes (Rails respond_to)', async () => {
      const res = await rtg(h, 'post', '/instances.yaml').send({ plan: 'small' })
      expect(res.status).toBe(406)
      expect(res.text).toBe('')
      expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
      expect((await rtg(h, 'get', '/instances.yaml')).status).toBe(406)
    })

    it('Accept: text/html only -> 406 (neither JSON nor XML)', async () => {
      const res = await rtg(h, 'get', '/instances').set('Accept', 'text/html')
      expect(res.status).toBe(406)
      expect(res.text).toBe('')
    })
  })
})

describe('redistogo: instance status new -> running (seed 003 shows both; delay redistogo.instance.create)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('stays new until the delay (default 1000 ms) has passed, then is running with updated_at at the due time', async () => {
    await createInstance(h)
    h.clock.advance(999)
    expect((await rtg(h, 'get', '/instances/1.json')).body.status).toBe('new')
    h.clock.advance(1)
    const res = await rtg(h, 'get', '/instances/1.json')
    expect(res.body).toMatchObject({ status: 'running', created_at: '2026-01-15T10:00:00Z', updated_at: '2026-01-15T10:00:01Z' })
    h.clock.advance(60_000)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ status: 'running', updated_at: '2026-01-15T10:00:01Z' })
  })

  it('the delay is user controlled: 0 means the next request sees running', async () => {
    h.emulator.delays.set({ 'redistogo.instance.create': 0 })
    const created = await createInstance(h)
    expect(created.status).toBe('new')
    expect((await rtg(h, 'get', '/instances.xml')).text).toContain('<status>running</status>')
  })

  it('a longer delay set at run time applies to the next creation', async () => {
    h.emulator.delays.set({ 'redistogo.instance.create': 30_000 })
    await createInstance(h)
    h.clock.advance(29_999)
    expect((await rtg(h, 'get', '/instances/1.json')).body.status).toBe('new')
    h.clock.advance(1)
    expect((await rtg(h, 'get', '/instances/1.json')).body.status).toBe('running')
  })

  it('deleting a new instance drops its pending transition', async () => {
    await createInstance(h)
    expect((await rtg(h, 'delete', '/instances/1')).status).toBe(200)
    const slice = h.emulator.store.read<{ lifecycle: { pending: unknown[] } }>('redistogo')
    expect(slice.lifecycle.pending).toEqual([])
    h.clock.advance(5000)
    expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
  })

  it('an upgrade while new keeps the pending transition: the instance still becomes running', async () => {
    await createInstance(h, 'nano')
    expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'small' })).status).toBe(200)
    h.clock.advance(1000)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ status: 'running', plan: 'small' })
  })
})
