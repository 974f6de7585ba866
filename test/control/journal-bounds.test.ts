// The request journal bounded (issue #17 items 6-7, issue #20 item 3): bodies kept up to a per-entry limit and marked
// as cut, a total byte budget, memory released on clear, large answers never retained whole, and credentials inside
// URLs redacted in JSON, XML and form bodies.
import { describe, expect, it, vi } from 'vitest'
import { createHarness } from '../helpers/harness.js'
import { createReHarness, RE } from '../helpers/redis-enterprise.js'
import { RTG, rtg } from '../helpers/redistogo.js'

describe('journal bounds', () => {
  it('70 reads of a ~1 MB list (4.6 MB of cut answers against a 4 MB budget) keep the journal under its byte budget, each answer cut to the per-entry limit', async () => {
    const maxBodyBytes = 64 * 1024
    const maxBytes = 4 * 1024 * 1024
    const h = await createReHarness({ shardsLimit: 1000 }, { journalMaxBodyBytes: maxBodyBytes, journalMaxBytes: maxBytes })
    // one real bdb, then 269 copies of it imported as state (creating them one by one costs far more than the reads)
    expect((await h.as('admin').post('/v1/bdbs', { name: 'db-0', memory_size: 1024 * 1024 })).status).toBe(200)
    const exported = (await h.request(RE).get('/_emulator/state?provider=redis-enterprise')).body
    const slice = exported.providers[RE]
    const [original] = Object.values(slice.bdbs) as Record<string, unknown>[]
    for (let uid = 2; uid <= 270; uid++) slice.bdbs[uid] = { ...original, uid, name: `db-${uid}` }
    const imported = await h.request(RE).put('/_emulator/state?provider=redis-enterprise').send(exported)
    expect(imported.status, imported.text).toBe(200)
    const list = await h.as('admin').get('/v1/bdbs')
    expect(list.text.length).toBeGreaterThan(1_000_000)
    for (let i = 0; i < 70; i++) await h.as('admin').get('/v1/bdbs')
    const { journal } = h.emulator
    expect(journal.retainedBytes).toBeLessThanOrEqual(maxBytes)
    // every entry keeps at most the limit of its answer (plus a small per-entry overhead): at least 60 fit the budget
    // (all 70 here, since the same answer keeps one shared head)
    expect(journal.size).toBeGreaterThanOrEqual(Math.floor(maxBytes / (maxBodyBytes + 2048)))
    const [latest] = journal.query({ limit: 1 })
    expect(latest.responseBodyCut).toEqual({ keptBytes: maxBodyBytes, totalBytes: Buffer.byteLength(list.text) })
    expect(typeof latest.responseBody).toBe('string')
    expect((latest.responseBody as string).endsWith('…[truncated]')).toBe(true)
    expect(journal.clear()).toBeGreaterThan(0)
    expect(journal.retainedBytes).toBe(0)
    expect(journal.size).toBe(0)
  }, 180_000)
})

describe('journal limits on small harnesses', () => {
  it('cuts a request body past the per-entry limit, marks it, and redacts what it kept', async () => {
    const h = await createHarness({ journalMaxBodyBytes: 1024, bodyLimitBytes: 64 * 1024 }, { registry: [(await import('../helpers/fake-provider.js')).widgets] })
    const body = { password: 'hunter2', name: 'x'.repeat(10_000) }
    await h.request('widgets').post('/widgets').send(body)
    const [entry] = h.emulator.journal.query({ limit: 1 })
    expect(entry.bodyCut).toEqual({ keptBytes: 1024, totalBytes: Buffer.byteLength(JSON.stringify(body)) })
    expect(entry.body).toMatch(/^\{"password":"\[redacted\]","name":"x+…\[truncated\]$/)
    expect(JSON.stringify(entry)).not.toContain('hunter2')
    // a body within the limit is kept whole, unmarked
    await h.request('widgets').post('/widgets').send({ name: 'small' })
    const [small] = h.emulator.journal.query({ limit: 1 })
    expect(small.body).toEqual({ name: 'small' })
    expect(small).not.toHaveProperty('bodyCut')
    expect(small).not.toHaveProperty('responseBodyCut')
  })

  it('redacts a cut body in time linear in its length (no backtracking on hostile names)', async () => {
    const { widgets } = await import('../helpers/fake-provider.js')
    const h = await createHarness({ journalMaxBodyBytes: 32 * 1024, bodyLimitBytes: 256 * 1024 }, { registry: [widgets] })
    // names made of "token" over and over, never closed: quadratic for a pattern like <[\w-]*token[\w-]*
    const hostile = { name: `<${'token'.repeat(12_000)} ${'"pass'.repeat(8_000)}&${'secret'.repeat(8_000)}` }
    await h.request('widgets').post('/widgets').send(hostile)
    const started = performance.now()
    const res = await h.request('widgets').get('/_emulator/requests?limit=1')
    expect(res.status).toBe(200)
    expect(res.body.requests[0].bodyCut).toEqual({ keptBytes: 32 * 1024, totalBytes: Buffer.byteLength(JSON.stringify(hostile)) })
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('drops the oldest entries past the byte budget, and GET /_emulator/requests reports the limits', async () => {
    const { widgets } = await import('../helpers/fake-provider.js')
    const h = await createHarness({ journalMaxBodyBytes: 4096, journalMaxBytes: 40 * 1024 }, { registry: [widgets] })
    for (let i = 0; i < 50; i++) await h.request('widgets').post('/widgets').send({ name: 'y'.repeat(3000) })
    const res = await h.request('widgets').get('/_emulator/requests?limit=1000')
    expect(res.body).toMatchObject({ capacity: 1000, maxBodyBytes: 4096, maxBytes: 40 * 1024 })
    expect(res.body.retainedBytes).toBeLessThanOrEqual(40 * 1024)
    // each entry: ~3 KB asked, ~3 KB answered, plus its overhead
    expect(res.body.requests.length).toBeGreaterThanOrEqual(5)
    expect(res.body.requests.length).toBeLessThan(50)
    expect(res.body.requests[0].id).toBe(50)
    await h.request('widgets').delete('/_emulator/requests')
    expect((await h.request('widgets').get('/_emulator/requests')).body).toMatchObject({ requests: [], retainedBytes: 0 })
  })

  it('redacts credentials inside URLs (Redis To Go `url`) in JSON and XML answers', async () => {
    const h = await createHarness({})
    const created = await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'small' } })
    expect(created.status).toBe(201)
    const url: string = created.body.url ?? created.body.instance?.url
    const password = /^redis:\/\/[^:]*:([^@]+)@/.exec(url)?.[1]
    expect(password, url).toBeTruthy()
    const id = created.body.id ?? created.body.instance?.id
    expect((await rtg(h, 'get', `/instances/${id}.xml`)).text).toContain(password)
    const entries = h.emulator.journal.query({ limit: 10, provider: RTG })
    const json = entries.find((e) => e.method === 'POST')!
    const xml = entries.find((e) => e.path.endsWith('.xml'))!
    expect(JSON.stringify(json.responseBody)).toContain(':[redacted]@')
    expect(String(xml.responseBody)).toContain(':[redacted]@')
    expect(JSON.stringify(entries)).not.toContain(password)
  })
})

describe('journal: the head of a cut body is held once for every entry that begins with it', () => {
  /** Redis To Go with `count` instances (copies of one, imported): its JSON list is about 850 bytes per instance. */
  async function rtgWithInstances(count: number, options: Parameters<typeof createHarness>[0]) {
    const h = await createHarness(options)
    expect((await rtg(h, 'post', '/instances.json').send({ instance: { plan: 'nano' } })).status).toBe(201)
    const document = (await h.request(RTG).get(`/_emulator/state?provider=${RTG}`)).body
    const slice = document.providers[RTG]
    for (const server of slice.servers) server.memory_capacity = 1e15
    const [original] = Object.values(slice.instances) as Record<string, unknown>[]
    for (let id = 2; id <= count; id++) slice.instances[id] = { ...original, id, label: `copy-${id}`, port: 10_000 + id }
    expect((await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(document)).status).toBe(200)
    return h
  }

  it('20 reads of the same 170 KB list keep one 64 KiB head; a changed head is a second one, released with its last entry', async () => {
    const maxBodyBytes = 64 * 1024
    const h = await rtgWithInstances(200, { journalMaxBodyBytes: maxBodyBytes, journalSize: 20 })
    const { journal } = h.emulator
    const list = await rtg(h, 'get', '/instances.json')
    expect(Buffer.byteLength(list.text)).toBeGreaterThan(2 * maxBodyBytes)
    journal.clear()
    for (let i = 0; i < 20; i++) expect((await rtg(h, 'get', '/instances.json')).status).toBe(200)
    expect(journal.size).toBe(20)
    // one head, plus each entry's own small parts (well under 2 KB each); 20 copies would be 1.3 MB
    expect(journal.retainedBytes).toBeGreaterThanOrEqual(maxBodyBytes)
    expect(journal.retainedBytes).toBeLessThan(maxBodyBytes + 20 * 2048)
    const entries = journal.query({ limit: 20 })
    for (const entry of entries) {
      expect(entry.responseBodyCut).toEqual({ keptBytes: maxBodyBytes, totalBytes: Buffer.byteLength(list.text) })
      expect(entry.responseBody).toBe(entries[0].responseBody)
    }
    expect(String(entries[0].responseBody)).toMatch(/^\[\{"instance":\{.*…\[truncated\]$/s)
    expect(String(entries[0].responseBody)).toContain(':[redacted]@')

    // the first instance renamed: the answers begin differently from here on, and keep a second head
    expect((await rtg(h, 'put', '/instances/1.json').send({ instance: { label: 'renamed' } })).status).toBe(200)
    const before = journal.retainedBytes
    await rtg(h, 'get', '/instances.json')
    expect(journal.retainedBytes - before).toBeGreaterThanOrEqual(maxBodyBytes - 2048)
    expect(String(journal.query({ limit: 1 })[0].responseBody)).toContain('"label":"renamed"')
    // 20 more reads push out every entry of the first head: it is released, only the second stays
    for (let i = 0; i < 20; i++) await rtg(h, 'get', '/instances.json')
    expect(journal.query({ limit: 20 }).every((e) => String(e.responseBody).includes('"label":"renamed"'))).toBe(true)
    expect(journal.retainedBytes).toBeLessThan(maxBodyBytes + 20 * 2048)
    expect(journal.clear()).toBe(20)
    expect(journal.retainedBytes).toBe(0)
  })

  it('while an answer is written, its head is the copy the journal already holds of the same bytes (nothing new per read)', async () => {
    const maxBodyBytes = 64 * 1024
    const h = await rtgWithInstances(200, { journalMaxBodyBytes: maxBodyBytes, journalSize: 20 })
    const { journal } = h.emulator
    await rtg(h, 'get', '/instances.json')
    const list = await rtg(h, 'get', '/instances.json')
    const head = Buffer.from(Buffer.from(list.text).subarray(0, maxBodyBytes))
    // the same bytes: the journal's own copy, not a new one (each read took a 64 KiB copy that lived as long as its
    // response, 29 MB after 400 reads of the 8.6 MB list)
    const held = journal.headCopy(head)
    expect(held).not.toBe(head)
    expect(held.equals(head)).toBe(true)
    expect(journal.headCopy(Buffer.from(head))).toBe(held)
    // other bytes: a copy of their own, never a view of what was passed
    const other = Buffer.from(head)
    other[10] = 0x20
    const copied = journal.headCopy(other.subarray(0, 1000))
    expect(copied).not.toBe(held)
    expect(copied.equals(other.subarray(0, 1000))).toBe(true)
    expect(copied.buffer).not.toBe(other.buffer)
    // the recorder takes it while the next read is written
    const taken = vi.spyOn(journal, 'headCopy')
    expect((await rtg(h, 'get', '/instances.json')).status).toBe(200)
    expect(taken).toHaveBeenCalledTimes(1)
    expect(taken.mock.results[0].value).toBe(held)
    // and the entries still read back as before
    expect(String(journal.query({ limit: 1 })[0].responseBody)).toMatch(/^\[\{"instance":\{.*…\[truncated\]$/s)
  })

  it('a budget smaller than two heads still holds many entries of the same answer, and never more than the budget', async () => {
    const maxBodyBytes = 16 * 1024
    const h = await rtgWithInstances(60, { journalMaxBodyBytes: maxBodyBytes, journalMaxBytes: 24 * 1024 })
    const { journal } = h.emulator
    for (let i = 0; i < 10; i++) await rtg(h, 'get', '/instances.json')
    expect(journal.retainedBytes).toBeLessThanOrEqual(24 * 1024)
    // without sharing, one 16 KiB head per entry: a single entry would fit
    expect(journal.size).toBeGreaterThanOrEqual(5)
    expect(journal.query({ limit: 1 })[0].responseBodyCut?.keptBytes).toBe(maxBodyBytes)
  })
})
