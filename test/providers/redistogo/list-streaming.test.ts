// The JSON list of instances goes out in chunks built from memoised per-record JSON (issue #17 item 6, issue #20 item
// 3): byte for byte what res.json gave (body, Content-Type, Content-Length), with no string of the whole list made.
import express from 'express'
import { request as httpRequest, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import supertest from 'supertest'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LIST_CHUNK_CHARS } from '../../../src/providers/redistogo/format.js'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { OTHER, RTG, createInstance, rtg } from '../../helpers/redistogo.js'

/** Imports `count` copies of one created instance (creating them one by one would cost far more). */
async function withInstances(h: Harness, count: number, label = (id: number) => `copy-${id}`): Promise<void> {
  await createInstance(h, 'nano')
  const document = (await h.request(RTG).get(`/_emulator/state?provider=${RTG}`)).body
  const slice = document.providers[RTG]
  for (const server of slice.servers) server.memory_capacity = 1e15
  const [original] = Object.values(slice.instances) as Record<string, unknown>[]
  for (let id = 2; id <= count; id++) slice.instances[id] = { ...original, id, label: label(id), port: 10_000 + id }
  const imported = await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(document)
  expect(imported.status, imported.text).toBe(200)
}

/** What the list answered before it was streamed: Express' res.json of the same records, from a bare app. */
async function viaResJson(records: unknown): Promise<supertest.Response> {
  const app = express()
  app.get('/', (_req, res) => void res.status(200).json(records))
  return supertest(app).get('/')
}

describe('redistogo: the JSON list is streamed from memoised records', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('answers what res.json answered, byte for byte: body, Content-Type, Content-Length (GET and HEAD)', async () => {
    await withInstances(h, 300)
    const res = await rtg(h, 'get', '/instances.json')
    expect(res.status).toBe(200)
    expect(res.text.length).toBeGreaterThan(3 * LIST_CHUNK_CHARS)
    const records = JSON.parse(res.text) as unknown[]
    expect(records).toHaveLength(300)
    const reference = await viaResJson(records)
    expect(res.text).toBe(reference.text)
    expect(res.headers['content-type']).toBe(reference.headers['content-type'])
    expect(res.headers['content-length']).toBe(reference.headers['content-length'])
    expect(res.headers['transfer-encoding']).toBeUndefined()
    const head = await rtg(h, 'get', '/instances.json').set('If-None-Match', 'nothing')
    expect(head.text).toBe(reference.text)
    const headOnly = await h.request(RTG).head('/instances.json').auth('redistogo', 'redistogo')
    expect(headOnly.status).toBe(200)
    expect(headOnly.headers['content-length']).toBe(reference.headers['content-length'])
  })

  it('labels of several UTF-8 bytes per character come out byte for byte across chunk boundaries', async () => {
    await withInstances(h, 400, (id) => `ünïcødé-€-😀-${'ß'.repeat(id % 7)}-${id}`)
    const res = await rtg(h, 'get', '/instances.json')
    const reference = await viaResJson(JSON.parse(res.text))
    expect(res.text).toBe(reference.text)
    expect(res.headers['content-length']).toBe(reference.headers['content-length'])
    expect(res.text.length).toBeGreaterThan(3 * LIST_CHUNK_CHARS)
  })

  it('writes the list in strings of about LIST_CHUNK_CHARS (freed by the socket once written), never one of the whole list', async () => {
    await withInstances(h, 300)
    const write = vi.spyOn(ServerResponse.prototype, 'write')
    const end = vi.spyOn(ServerResponse.prototype, 'end')
    const res = await rtg(h, 'get', '/instances.json')
    expect(res.status).toBe(200)
    const chunks = [...write.mock.calls, ...end.mock.calls].map((call) => call[0]).filter((c) => c !== undefined && typeof c !== 'function')
    expect(chunks.length).toBeGreaterThanOrEqual(3)
    for (const chunk of chunks) {
      expect(typeof chunk).toBe('string')
      // one record past the limit at most (records are under 2 KB)
      expect((chunk as string).length).toBeLessThan(LIST_CHUNK_CHARS + 2048)
    }
    expect(chunks.join('')).toBe(res.text)
  })

  it('an empty list and a one-record list are "[]" and "[{...}]", as before', async () => {
    const empty = await rtg(h, 'get', '/instances.json')
    expect(empty.text).toBe('[]')
    expect(empty.headers['content-length']).toBe('2')
    const created = await createInstance(h, 'nano')
    const one = await rtg(h, 'get', '/instances.json')
    expect(one.text).toBe(JSON.stringify([{ instance: created }]))
    expect(one.headers['content-length']).toBe(String(Buffer.byteLength(one.text)))
  })

  it('never serialises the whole list: every JSON.stringify call is one record, and unchanged records are not serialised again', async () => {
    await withInstances(h, 300)
    const stringify = vi.spyOn(JSON, 'stringify')
    const first = await rtg(h, 'get', '/instances.json')
    expect(first.status).toBe(200)
    const lengths = stringify.mock.results.map((r) => (typeof r.value === 'string' ? r.value.length : 0))
    // one call per record the first time (each under 2 KB); res.json would have made one string of the whole list
    expect(lengths.filter((n) => n > 0 && n < 2048).length).toBeGreaterThanOrEqual(300)
    expect(Math.max(...lengths)).toBeLessThan(2048)
    expect(first.text.length).toBeGreaterThan(100 * 2048)

    stringify.mockClear()
    const second = await rtg(h, 'get', '/instances.json')
    expect(second.text).toBe(first.text)
    expect(stringify).not.toHaveBeenCalled()

    // a changed record is serialised again (and only it), and the answer shows the change
    expect((await rtg(h, 'put', '/instances/7.json').send({ instance: { label: 'renamed' } })).status).toBe(200)
    stringify.mockClear()
    const third = await rtg(h, 'get', '/instances.json')
    const records = JSON.parse(third.text) as { instance: { id: number; label: string } }[]
    expect(records.find((r) => r.instance.id === 7)!.instance.label).toBe('renamed')
    expect(third.headers['content-length']).toBe(String(Buffer.byteLength(third.text)))
    const itemCalls = stringify.mock.results.filter((r) => typeof r.value === 'string' && r.value.startsWith('{"instance":'))
    expect(itemCalls).toHaveLength(1)
  })

  it('a client that reads slowly still gets the whole answer intact (writes wait for the socket to drain)', async () => {
    await withInstances(h, 2500)
    const expected = (await rtg(h, 'get', '/instances.json')).text
    expect(expected.length).toBeGreaterThan(2_000_000)
    const server = h.app(RTG).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', path: '/instances.json', auth: 'redistogo:redistogo' }, (res) => {
          // nothing read for a while: the server's socket buffer fills and its writes have to wait
          res.pause()
          const chunks: Buffer[] = []
          setTimeout(() => {
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve(Buffer.concat(chunks).toString('utf-8')))
            res.resume()
          }, 200)
        })
        req.on('error', reject)
        req.end()
      })
      expect(body).toBe(expected)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }, 60_000)

  it('a list kept between reads follows every change: create, update, settle, destroy, import, reset', async () => {
    // src/providers/redistogo/service.ts keeps each account's list until the slice's revision moves
    const list = async () => JSON.parse((await rtg(h, 'get', '/instances.json')).text) as { instance: Record<string, unknown> }[]
    const show = async (id: unknown) => (await rtg(h, 'get', `/instances/${id}.json`)).body as Record<string, unknown>
    expect(await list()).toEqual([])
    const first = await createInstance(h, 'nano')
    expect(await list()).toEqual([{ instance: await show(first.id) }])
    expect((await list())[0].instance.status).toBe('new')
    const updated = await rtg(h, 'put', `/instances/${first.id}.json`).send({ instance: { label: 'renamed' } })
    expect(updated.status).toBe(200)
    expect((await list())[0].instance.label).toBe('renamed')
    h.clock.advance(60_000)
    expect((await list())[0].instance.status).toBe('running')
    const second = await createInstance(h, 'nano')
    expect((await list()).map((item) => item.instance.id)).toEqual([first.id, second.id])
    expect((await rtg(h, 'get', '/instances.json', OTHER)).body).toEqual([])
    expect((await rtg(h, 'delete', `/instances/${first.id}.json`)).status).toBe(200)
    expect((await list()).map((item) => item.instance.id)).toEqual([second.id])
    const document = (await h.request(RTG).get(`/_emulator/state?provider=${RTG}`)).body
    document.providers[RTG].instances[second.id].label = 'imported'
    expect((await h.request(RTG).put(`/_emulator/state?provider=${RTG}`).send(document)).status).toBe(200)
    expect((await list())[0].instance.label).toBe('imported')
    expect((await h.request(RTG).post(`/_emulator/reset?provider=${RTG}`)).status).toBe(200)
    expect(await list()).toEqual([])
  })
})
