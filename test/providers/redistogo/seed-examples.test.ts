// The emulator's documents against seed 003's example documents: key for key (JSON), element for element (XML).
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { OTHER, SEED_SHOW_INSTANCE, createInstance, jsonType, readXml, rtg, seedExample, type XmlElement } from '../../helpers/redistogo.js'

const showJson = JSON.parse(seedExample('show.json')) as Record<string, unknown>
const listJson = JSON.parse(seedExample('list.json')) as { instance: Record<string, unknown> }[]
const showXml = readXml(seedExample('show.xml'))
const listXml = readXml(seedExample('list.xml'))

/** Element names and attributes, without the values (which differ between two instances). */
function shape(element: XmlElement): unknown {
  return { name: element.name, attributes: element.attributes, children: element.children.map(shape) }
}

describe('redistogo: seed 003 example documents', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  async function seedTheSeedInstance() {
    const res = await h
      .request('redistogo')
      .post('/_emulator/seed')
      .send({ providers: { redistogo: { instances: { '2': SEED_SHOW_INSTANCE }, sequences: { instance: 3 } } } })
    expect(res.status).toBeLessThan(300)
  }

  it('GET /instances/2.xml of the seed instance equals seed 003 /instances/1.xml element for element, values included', async () => {
    await seedTheSeedInstance()
    const res = await rtg(h, 'get', '/instances/2.xml', OTHER)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<instance>')).toBe(true)
    const ours = readXml(res.text)
    expect(ours.declaration).toEqual({ version: '1.0', encoding: 'UTF-8' })
    expect(ours.root).toEqual(showXml.root)
  })

  it('GET /instances/2.json of the seed instance equals seed 003 /instances/1.json key for key', async () => {
    await seedTheSeedInstance()
    const res = await rtg(h, 'get', '/instances/2.json', OTHER)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const { url, hostname, ...rest } = res.body
    // reference section 3, "seed inconsistencies": the seed's JSON example says id 1 and label "server-9001" where
    // its XML twin says id 2 and "-9001"; everything else is identical.
    expect(rest).toEqual({ ...showJson, id: 2, label: '-9001' })
    // The JSON example lacks url and hostname, which the XML example (and the issue) include.
    expect({ url, hostname }).toEqual({ url: SEED_SHOW_INSTANCE.url, hostname: SEED_SHOW_INSTANCE.hostname })
  })

  it('an instance created after seeding one without a sequence does not take its id', async () => {
    await h.request('redistogo').post('/_emulator/seed').send({ providers: { redistogo: { instances: { '1': { ...SEED_SHOW_INSTANCE, id: 1 } } } } })
    const created = await createInstance(h, 'nano', OTHER)
    expect(created.id).toBe(2)
    expect((await rtg(h, 'get', '/instances/1.json', OTHER)).body.password).toBe(SEED_SHOW_INSTANCE.password)
  })

  it('a freshly created instance has every element of seed 003 /instances/1.xml, in order, with the same type/nil attributes', async () => {
    const created = await createInstance(h)
    const res = await rtg(h, 'get', `/instances/${created.id}.xml`)
    expect(shape(readXml(res.text).root)).toEqual(shape(showXml.root))
  })

  it('a freshly created instance has every key of seed 003 /instances/1.json with the same JSON type, plus url and hostname', async () => {
    const created = await createInstance(h)
    const res = await rtg(h, 'get', `/instances/${created.id}.json`)
    const expectedTypes = Object.fromEntries(Object.entries(showJson).map(([k, v]) => [k, jsonType(v)]))
    const ourTypes = Object.fromEntries(Object.entries(res.body).map(([k, v]) => [k, jsonType(v)]))
    expect(ourTypes).toEqual({ ...expectedTypes, url: 'string', hostname: 'string' })
    expect(res.body.snapshots).toEqual(showJson.snapshots)
  })

  it('GET /instances.json wraps each item as {"instance": {...}} with every key of the seed list example', async () => {
    await createInstance(h)
    const res = await rtg(h, 'get', '/instances.json')
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(1)
    expect(Object.keys(res.body[0])).toEqual(['instance'])
    const ours = res.body[0].instance as Record<string, unknown>
    const seedItem = listJson[0].instance
    for (const [key, value] of Object.entries(seedItem)) {
      // The older example has "" for master_host/master_password where the newer one (our default) has null.
      const allowed = [jsonType(value), jsonType(showJson[key])]
      expect(allowed, key).toContain(jsonType(ours[key]))
    }
    // The extra keys are exactly the newer era's fields (seed 003 /instances/1.xml).
    const extra = Object.keys(ours).filter((k) => !(k in seedItem)).sort()
    expect(extra).toEqual(
      ['hostname', 'server_id', 'url', 'user_id', 'vm_enabled', 'vm_max_memory', 'vm_max_threads', 'vm_page_size', 'vm_size'].sort(),
    )
  })

  it('GET /instances.xml is <instances type="array"> of <instance> with every element of the seed list example and its type', async () => {
    await createInstance(h)
    await createInstance(h, 'nano')
    const res = await rtg(h, 'get', '/instances.xml')
    expect(res.status).toBe(200)
    const ours = readXml(res.text)
    expect(ours.declaration).toEqual({ version: '1.0', encoding: 'UTF-8' })
    expect({ name: ours.root.name, attributes: ours.root.attributes }).toEqual({
      name: listXml.root.name,
      attributes: listXml.root.attributes,
    })
    expect(ours.root.children.map((c) => c.name)).toEqual(['instance', 'instance'])
    const seedItem = listXml.root.children[0]
    for (const instance of ours.root.children) {
      for (const element of seedItem.children) {
        const mine = instance.children.find((c) => c.name === element.name)
        expect(mine, element.name).toBeDefined()
        expect(mine!.attributes.type, element.name).toBe(element.attributes.type)
      }
    }
  })
})
