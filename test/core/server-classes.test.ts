// Requests and responses born with their Express app's prototypes (src/core/server-classes.ts): Express then swaps no
// prototype per request, which in Node 20's V8 kept everything a request allocated alive until it was promoted to the
// old space (docs/performance-history.md, memory figures).
import { IncomingMessage, ServerResponse } from 'node:http'
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startEmulator } from '../../src/index.js'
import { serverClassesFor } from '../../src/core/server-classes.js'
import { send } from '../helpers/http.js'

const RTG_AUTH = { authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}` }

/** Watches Object.setPrototypeOf: how often it was called on a request or response, and how often it changed one. */
function watchPrototypeSwaps() {
  const original = Object.setPrototypeOf
  const seen = { calls: 0, swaps: 0 }
  const spy = vi.spyOn(Object, 'setPrototypeOf').mockImplementation((target: unknown, proto: object | null) => {
    if (target instanceof IncomingMessage || target instanceof ServerResponse) {
      seen.calls++
      if (Object.getPrototypeOf(target) !== proto) seen.swaps++
    }
    return original(target, proto)
  })
  return { seen, restore: () => spy.mockRestore() }
}

describe('server classes', () => {
  afterEach(() => vi.restoreAllMocks())

  it('a request and its response are made with the app\'s own prototypes, by Node\'s constructors', () => {
    const app = express()
    const classes = serverClassesFor(app)
    const req = new classes.IncomingMessage(null as never)
    const res = new classes.ServerResponse(req)
    expect(Object.getPrototypeOf(req)).toBe(app.request)
    expect(Object.getPrototypeOf(res)).toBe(app.response)
    expect(req).toBeInstanceOf(IncomingMessage)
    expect(res).toBeInstanceOf(ServerResponse)
    // what IncomingMessage and ServerResponse set up on the object itself
    expect(req.headers).toEqual({})
    expect(res.statusCode).toBe(200)
    expect(res.req).toBe(req)
  })

  it('every listener of a running emulator serves requests whose prototypes Express never has to swap', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0 })
    const watch = watchPrototypeSwaps()
    try {
      let requests = 0
      for (const url of Object.values(emulator.urls)) {
        expect((await send('GET', `${url}/_emulator/health`)).status).toBe(200)
        requests++
      }
      const created = await send('POST', `${emulator.urls.redistogo}/instances.json`, { instance: { plan: 'nano' } }, RTG_AUTH)
      expect(created.status).toBe(201)
      const list = await send('GET', `${emulator.urls.redistogo}/instances.json`, undefined, RTG_AUTH)
      expect(list.status).toBe(200)
      requests += 2
      // Express still asks (app.handle), for the request and the response of each: the watch sees it, and nothing changes
      expect(watch.seen.calls).toBeGreaterThanOrEqual(2 * requests)
      expect(watch.seen.swaps).toBe(0)
    } finally {
      watch.restore()
      await emulator.close()
    }
  })

  it('without them, Express swaps both prototypes of every request (what the watch above would catch)', async () => {
    const app = express()
    app.get('/', (_req, res) => res.send('ok'))
    const { createServer } = await import('node:http')
    const server = createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const watch = watchPrototypeSwaps()
    try {
      const { port } = server.address() as { port: number }
      expect((await send('GET', `http://127.0.0.1:${port}/`)).status).toBe(200)
      expect(watch.seen.swaps).toBe(2)
    } finally {
      watch.restore()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
