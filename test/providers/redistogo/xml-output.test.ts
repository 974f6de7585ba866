// The exact bytes of the XML documents (pinned from the output before the show document was memoised), and the memo
// of a record's <instance> document: it must give what a fresh build gives after every kind of change.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { OTHER, RTG, rtg, SEED_SHOW_INSTANCE, seedExample } from '../../helpers/redistogo.js'
import { cachedInstanceXml, instanceXml } from '../../../src/providers/redistogo/format.js'
import type { Instance, RedistogoSlice } from '../../../src/providers/redistogo/model.js'

const pinsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'xml-pins')
const pin = (file: string) => readFileSync(join(pinsDir, file), 'utf-8')

/** Markup characters, an apostrophe, non-ASCII, a tab, an empty string, an empty array, a number where nil was. */
const ODD_INSTANCE = {
  ...SEED_SHOW_INSTANCE,
  id: 7,
  label: `a<b>&"c"'d\u00e9\u2603 \t`,
  snapshots: [],
  master_host: 'm&m.example',
  master_port: 6380,
  master_password: "p'<>",
  last_backup_at: '2026-01-01T00:00:00Z',
  vm_enabled: true,
  status: 'running',
  persistence: '',
}

async function importInstances(h: Harness, instances: object[]): Promise<void> {
  const byId = Object.fromEntries(instances.map((i) => [String((i as { id: number }).id), i]))
  await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send({ providers: { [RTG]: { instances: byId } } }).expect(200)
}

describe('redistogo XML bytes', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
    await importInstances(h, [SEED_SHOW_INSTANCE, ODD_INSTANCE])
  })

  it('show: seed 003 newer example, byte for byte', async () => {
    for (let i = 0; i < 3; i++) expect((await rtg(h, 'get', '/instances/2.xml', OTHER)).text).toBe(seedExample('show.xml'))
  })

  it('show: escaping, empty elements and values of every type', async () => {
    for (let i = 0; i < 3; i++) expect((await rtg(h, 'get', '/instances/7.xml', OTHER)).text).toBe(pin('odd-show.xml'))
  })

  it('list and errors', async () => {
    expect((await rtg(h, 'get', '/instances.xml', OTHER)).text).toBe(pin('list.xml'))
    expect((await rtg(h, 'get', '/instances/99.xml', OTHER)).text).toBe(pin('errors.xml'))
  })
})

describe('redistogo XML memo', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  const live = (id: number) => h.emulator.store.read<RedistogoSlice>(RTG).instances[String(id)]
  /** The show document as served, which must be a fresh build of a detached copy of the stored record. */
  async function expectFresh(id: number): Promise<string> {
    const served = (await rtg(h, 'get', `/instances/${id}.xml`)).text
    expect(served).toBe(instanceXml(structuredClone(live(id))))
    return served
  }

  it('follows every change to the record: update, status transition, plan upgrade, state import, a write by anyone', async () => {
    const created = await rtg(h, 'post', '/instances.xml').send({ instance: { plan: 'nano' } })
    expect(created.status).toBe(201)
    expect(created.text).toBe(instanceXml(structuredClone(live(1))))
    const first = await expectFresh(1)
    expect(await expectFresh(1)).toBe(first)

    await rtg(h, 'put', '/instances/1.json').send({ label: 'renamed', snapshots: ['1 2'] }).expect(200)
    expect(await expectFresh(1)).toContain('<label>renamed</label>')

    h.clock.advance(h.emulator.delays.get('redistogo.instance.create'))
    expect(await expectFresh(1)).toContain('<status>running</status>')

    await rtg(h, 'put', '/instances/1.json').send({ plan: 'small' }).expect(200)
    expect(await expectFresh(1)).toContain('<memory type="integer">104857600</memory>')

    await rtg(h, 'put', '/instances/1.json').send({ snapshots: ['1 2', '3 4'] }).expect(200)
    expect(await expectFresh(1)).toContain('<snapshot>3 4</snapshot>')
    await rtg(h, 'put', '/instances/1.json').send({ snapshots: [] }).expect(200)
    expect(await expectFresh(1)).toContain('<snapshots type="array"/>')

    // Any committed write, whoever makes it, in place.
    await h.emulator.store.mutate<RedistogoSlice>(RTG, (draft) => {
      draft.instances['1'].password = 'changed'
    })
    expect(await expectFresh(1)).toContain('<password>changed</password>')

    // The same content under a new object, then other content under the same id.
    const exported = (await h.request(RTG).get(`/_emulator/state?provider=${RTG}`)).body
    await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(exported).expect(200)
    await expectFresh(1)
    await importInstances(h, [{ ...SEED_SHOW_INSTANCE, id: 1, user_id: 1, label: 'imported' }])
    expect(await expectFresh(1)).toContain('<label>imported</label>')
    await h.request(RTG).post('/_emulator/reset').expect(200)
    expect((await rtg(h, 'get', '/instances/1.xml')).status).toBe(404)
  })

  it('unit: any change to keys, values or array items gives a new build', () => {
    const record: Record<string, any> = structuredClone(SEED_SHOW_INSTANCE)
    const instance = record as Instance
    const check = () => expect(cachedInstanceXml(instance)).toBe(instanceXml(structuredClone(instance)))
    const changes: (() => void)[] = [
      () => {},
      () => (record.label = 'x'),
      () => (record.label = null),
      () => (record.label = ''),
      () => (record.port = 9002),
      () => (record.slave = true),
      () => record.snapshots.push('1 1'),
      () => (record.snapshots[0] = '2 2'),
      () => record.snapshots.pop(),
      () => (record.snapshots = []),
      () => (record.snapshots = ['900 1']),
      () => (record.master_port = 1),
      () => (record.master_port = null),
      () => delete record.hostname,
      () => (record.hostname = 'h'), // back, but now last in key order
      () => (record.extra = 'e'),
      () => (record.extra = { nested: 'object' }), // not memoised, still built right
      () => (record.extra = { nested: 'changed' }),
      () => delete record.extra,
      () => (record.memory = Number.NaN),
      () => (record.memory = 5),
    ]
    for (const change of changes) {
      change()
      check()
      check()
    }
  })
})
