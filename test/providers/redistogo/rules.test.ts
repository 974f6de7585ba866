// The documented rules: create needs a known plan; PUT upgrades the plan (if it fits on the server) or updates other
// fields, never both; Rails-style 422 bodies in the requested format.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { createInstance, readXml, rtg } from '../../helpers/redistogo.js'

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'

function xmlErrors(...messages: string[]): string {
  return `${XML_PROLOG}<errors>\n${messages.map((m) => `  <error>${m}</error>\n`).join('')}</errors>\n`
}

describe('redistogo: create rules (seed 003: "The only parameter that needs to be supplied is the plan")', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('missing plan -> 422 {"errors":["Plan can\'t be blank"]} (reference section 5)', async () => {
    const res = await rtg(h, 'post', '/instances.json').send({ instance: {} })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ["Plan can't be blank"] })
  })

  it('missing plan in XML -> 422 <errors><error>Plan can\'t be blank</error></errors>', async () => {
    const res = await rtg(h, 'post', '/instances.xml').set('Content-Type', 'application/xml').send('<instance></instance>')
    expect(res.status).toBe(422)
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(res.text).toBe(xmlErrors('Plan can&apos;t be blank'))
    expect(readXml(res.text).root.children.map((c) => c.text)).toEqual(["Plan can't be blank"])
  })

  it('no body at all -> 422 plan blank', async () => {
    const res = await rtg(h, 'post', '/instances.json')
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ["Plan can't be blank"] })
  })

  it.each([['gigantic'], ['Small'], [5], [['small']]])('unknown plan %j -> 422 "Plan is not included in the list"', async (plan) => {
    const res = await rtg(h, 'post', '/instances.json').send({ instance: { plan } })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['Plan is not included in the list'] })
  })

  it('an unknown plan in a form body, answered in XML', async () => {
    const res = await rtg(h, 'post', '/instances.xml').type('form').send('instance[plan]=gigantic')
    expect(res.status).toBe(422)
    expect(res.text).toBe(xmlErrors('Plan is not included in the list'))
  })

  it('every invalid attribute is reported together with the plan error, as Rails collects errors', async () => {
    const res = await rtg(h, 'post', '/instances.json').send({ instance: { timeout: 'soon', slave: 'maybe' } })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ["Plan can't be blank", 'Timeout is not a number', 'Slave is not included in the list'] })
    expect((await rtg(h, 'get', '/instances.json')).body).toEqual([])
  })

  it('read-only fields in the body are ignored (Rails attr_accessible), allow-listed ones are applied', async () => {
    const res = await rtg(h, 'post', '/instances.json').send({
      instance: { plan: 'nano', label: 'cache', timeout: 300, id: 99, port: 1, memory: 1, status: 'running', user_id: 2, bogus: 'x' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: 1, port: 9001, memory: 5242880, status: 'new', user_id: 1, label: 'cache', timeout: 300 })
    expect(res.body).not.toHaveProperty('bogus')
  })

  it('instances go on the first server with room; a full server sends the next one elsewhere (fixtures/redistogo/servers.json)', async () => {
    // server 1 (cod) holds 2 GiB: two "large" (1 GiB each, provisional) fill it.
    const a = await createInstance(h, 'large')
    const b = await createInstance(h, 'large')
    const c = await createInstance(h, 'nano')
    expect([a.server_id, b.server_id, c.server_id]).toEqual([1, 1, 2])
    expect(c).toMatchObject({ hostname: 'eel.redistogo.com', port: 9001, label: 'eel-9001' })
  })

  it('no server with room for the plan -> 422', async () => {
    await h
      .request('redistogo')
      .post('/_emulator/seed')
      .send({ providers: { redistogo: { servers: [{ id: 7, name: 'tiny', hostname: 'tiny.redistogo.com', memory_capacity: 10485760 }] } } })
    expect((await rtg(h, 'post', '/instances.json').send({ plan: 'nano' })).status).toBe(201)
    const res = await rtg(h, 'post', '/instances.json').send({ plan: 'small' })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['There is not enough space on any server to create this instance'] })
  })
})

describe('redistogo: PUT rules (seed 003 "Upgrade an instance"; reference section 7)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('a plan upgrade changes plan, memory, connections and vm_max_memory, stamps updated_at, keeps status', async () => {
    await createInstance(h, 'nano')
    h.clock.advance(5000)
    expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'medium' })).status).toBe(200)
    const res = await rtg(h, 'get', '/instances/1.json')
    expect(res.body).toMatchObject({
      plan: 'medium',
      memory: 524288000,
      connections: 1024,
      vm_max_memory: 471859200,
      status: 'running',
      updated_at: '2026-01-15T10:00:05Z',
      created_at: '2026-01-15T10:00:00Z',
    })
  })

  it('seed 003 "you should not use update both the plan and the given fields": plan + a changed field -> 422, nothing changes', async () => {
    await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.json').send({ instance: { plan: 'small', label: 'renamed' } })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['Plan cannot be changed together with other attributes'] })
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'nano', label: 'cod-9001' })
  })

  it('plan + a changed field in XML -> 422 <errors>', async () => {
    await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.xml')
      .set('Content-Type', 'application/xml')
      .send('<instance><plan>small</plan><timeout type="integer">60</timeout></instance>')
    expect(res.status).toBe(422)
    expect(res.text).toBe(xmlErrors('Plan cannot be changed together with other attributes'))
  })

  it('plan + a changed field in a form body -> 422', async () => {
    await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1').type('form').send('instance[plan]=small&instance[timeout]=60')
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['Plan cannot be changed together with other attributes'] })
  })

  it('ActiveResource round trip, JSON: the whole object sent back with only the plan changed -> 200 upgrade', async () => {
    const created = await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.json').send({ instance: { ...created, plan: 'small' } })
    expect(res.status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'small', memory: 104857600 })
  })

  it('ActiveResource round trip, XML: the <instance> document sent back with only <plan> changed -> 200 upgrade', async () => {
    await createInstance(h, 'nano')
    const document = (await rtg(h, 'get', '/instances/1.xml')).text.replace('<plan>nano</plan>', '<plan>small</plan>')
    const res = await rtg(h, 'put', '/instances/1.xml').set('Content-Type', 'application/xml').send(document)
    expect(res.status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'small', connections: 256 })
  })

  it('the same plan plus changed fields is a field update, not a plan change', async () => {
    await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.json').send({ plan: 'nano', label: 'renamed' })
    expect(res.status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'nano', label: 'renamed' })
  })

  it('a downgrade -> 422 (plans are ordered for upgrades, reference section 4)', async () => {
    await createInstance(h, 'small')
    const res = await rtg(h, 'put', '/instances/1.json').send({ plan: 'nano' })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['Plan can only be upgraded to a larger plan'] })
  })

  it('an unknown or blank plan on PUT -> 422', async () => {
    await createInstance(h, 'nano')
    expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'gigantic' })).body).toEqual({ errors: ['Plan is not included in the list'] })
    const blank = await rtg(h, 'put', '/instances/1.json').send({ plan: null })
    expect(blank.status).toBe(422)
    expect(blank.body).toEqual({ errors: ["Plan can't be blank"] })
  })

  it('seed 003 "may fail if there is not enough space ... on the server": 422 when the instance\'s own server is full', async () => {
    // Two "large" (1 GiB) fill server 1 (2 GiB). "super" (2.5 GiB) would fit on server 3, but the instance stays put.
    await createInstance(h, 'large')
    await createInstance(h, 'large')
    const res = await rtg(h, 'put', '/instances/1.json').send({ plan: 'super' })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: ['There is not enough space on the server to upgrade this instance'] })
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'large', memory: 1073741824 })
  })

  it('no room in XML -> 422 <errors>; once the neighbour is deleted the same upgrade fits (its own memory counts as free)', async () => {
    // A 300 MiB server: two "small" (100 MiB) use 200 MiB; "smedium" (250 MiB, provisional) needs 100 + 250 > 300.
    await h
      .request('redistogo')
      .post('/_emulator/seed')
      .send({ providers: { redistogo: { servers: [{ id: 1, name: 'cod', hostname: 'cod.redistogo.com', memory_capacity: 314572800 }] } } })
    await createInstance(h, 'small')
    await createInstance(h, 'small')
    const full = await rtg(h, 'put', '/instances/1.xml').set('Content-Type', 'application/xml').send('<instance><plan>smedium</plan></instance>')
    expect(full.status).toBe(422)
    expect(full.text).toBe(xmlErrors('There is not enough space on the server to upgrade this instance'))
    expect((await rtg(h, 'delete', '/instances/2')).status).toBe(200)
    expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'smedium' })).status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({ plan: 'smedium', memory: 262144000 })
  })

  it('updatable fields change (form strings cast like Rails columns) and stamp updated_at', async () => {
    await createInstance(h, 'nano')
    h.clock.advance(2000)
    const res = await rtg(h, 'put', '/instances/1')
      .type('form')
      .send(
        'instance[label]=web&instance[timeout]=300&instance[activerehashing]=0&instance[snapshots][]=60 100&instance[appendfsync]=always' +
          '&instance[master_host]=10.0.0.1&instance[master_port]=6379&instance[slave]=true&instance[databases]=16',
      )
    expect(res.status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toMatchObject({
      label: 'web',
      timeout: 300,
      activerehashing: false,
      snapshots: ['60 100'],
      appendfsync: 'always',
      master_host: '10.0.0.1',
      master_port: 6379,
      slave: true,
      databases: 16,
      updated_at: '2026-01-15T10:00:02Z',
    })
  })

  it('typed XML fields update: integer, boolean, nil and array', async () => {
    await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.xml')
      .set('Content-Type', 'application/xml')
      .send(
        '<instance><hash-max-zipmap-entries type="integer">128</hash-max-zipmap-entries><vm-enabled type="boolean">true</vm-enabled>' +
          '<label nil="true"/><snapshots type="array"/></instance>',
      )
    expect(res.status).toBe(200)
    const xml = (await rtg(h, 'get', '/instances/1.xml')).text
    expect(xml).toContain('<hash-max-zipmap-entries type="integer">128</hash-max-zipmap-entries>')
    expect(xml).toContain('<vm-enabled type="boolean">true</vm-enabled>')
    expect(xml).toContain('<label nil="true"/>')
    expect(xml).toContain('<snapshots type="array"/>')
  })

  it('a PUT that changes nothing is 200 and leaves updated_at alone', async () => {
    await createInstance(h, 'nano')
    h.clock.advance(2000)
    const before = (await rtg(h, 'get', '/instances/1.json')).body
    expect(before).toMatchObject({ status: 'running', updated_at: '2026-01-15T10:00:01Z' })
    h.clock.advance(2000)
    expect((await rtg(h, 'put', '/instances/1.json').send({})).status).toBe(200)
    expect((await rtg(h, 'put', '/instances/1.json').send({ plan: 'nano', timeout: 150 })).status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toEqual(before)
  })

  it('fields outside the allow-list are ignored, not applied (Rails attr_accessible; ActiveResource echoes them)', async () => {
    const created = await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.json').send({
      instance: { port: 1, memory: 1, password: 'x', status: 'running', url: 'redis://x', server_id: 3, user_id: 2, id: 5, version: 'v9' },
    })
    expect(res.status).toBe(200)
    expect((await rtg(h, 'get', '/instances/1.json')).body).toEqual(created)
  })

  it.each([
    [{ timeout: 'abc' }, 'Timeout is not a number'],
    [{ timeout: 1.5 }, 'Timeout must be an integer'],
    [{ timeout: -1 }, 'Timeout must be greater than or equal to 0'],
    [{ timeout: 1e30 }, 'Timeout must be less than or equal to 2147483647'],
    [{ timeout: 2147483648 }, 'Timeout must be less than or equal to 2147483647'],
    [{ timeout: '99999999999999999999999' }, 'Timeout must be less than or equal to 2147483647'],
    [{ timeout: null }, 'Timeout is not a number'],
    [{ databases: 0 }, 'Databases must be greater than or equal to 1'],
    [{ master_port: 70000 }, 'Master port must be less than or equal to 65535'],
    [{ slave: 'yes' }, 'Slave is not included in the list'],
    [{ appendfsync: 'sometimes' }, 'Appendfsync is not included in the list'],
    [{ snapshots: '900 1' }, 'Snapshots is invalid'],
    [{ snapshots: ['every minute'] }, 'Snapshots is invalid'],
    [{ label: 'x'.repeat(256) }, 'Label is too long (maximum is 255 characters)'],
    [{ label: { nested: true } }, 'Label is invalid'],
    [{ hash_max_zipmap_value: [] }, 'Hash max zipmap value is not a number'],
  ])('invalid %j -> 422 %s, nothing changes', async (fields, message) => {
    const created = await createInstance(h, 'nano')
    const res = await rtg(h, 'put', '/instances/1.json').send({ instance: fields })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({ errors: [message] })
    expect((await rtg(h, 'get', '/instances/1.json')).body).toEqual(created)
  })
})
