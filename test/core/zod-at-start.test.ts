// Issue #20: starting the emulator builds no zod schema. zod and the first schema it builds cost about 20 ms, a tenth
// of an in-memory start; each schema is built when a request (or a stored slice) first needs it. zod calls
// globalThis.__zod_globalConfig.postProcessor for every schema and check it makes, so counting its calls counts them.
import { afterAll, describe, expect, it } from 'vitest'
import { send } from '../helpers/http.js'

type ZodGlobalConfig = { postProcessor?: (schema: unknown) => void }
const globalConfig = ((globalThis as { __zod_globalConfig?: ZodGlobalConfig }).__zod_globalConfig ??= {})
let built = 0
globalConfig.postProcessor = () => {
  built++
}
afterAll(() => {
  delete globalConfig.postProcessor
})

describe('zod at start', () => {
  it('builds no schema to import the emulator, start it in memory and answer health on every listener', async () => {
    // imported here, after the counter is in place
    const { startEmulator } = await import('../../src/index.js')
    const emulator = await startEmulator({ inMemory: true, port: 0 })
    try {
      for (const url of Object.values(emulator.urls)) expect((await send('GET', `${url}/_emulator/health`)).status).toBe(200)
      expect(built).toBe(0)
      // the counter sees schemas when they are built: a Redis To Go create validates its body
      const res = await send('POST', `${emulator.urls.redistogo}/instances.json`, { instance: { plan: 'nano' } }, {
        authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`,
      })
      expect(res.status).toBe(201)
      expect(built).toBeGreaterThan(0)
    } finally {
      await emulator.close()
    }
  })
})
