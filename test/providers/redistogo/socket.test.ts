// Redis To Go on a real socket (as curl or ActiveResource would use it) and its start-up banner.
import { afterEach, describe, expect, it } from 'vitest'
import { banner } from '../../../src/cli.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'

describe('redistogo: over HTTP', () => {
  let emulator: RunningEmulator | undefined
  afterEach(async () => {
    await emulator?.close()
    emulator = undefined
  })

  it('serves create, show and 401 on its own port, and the banner names the default credentials', async () => {
    emulator = await startEmulator({ inMemory: true, port: 0, fast: true })
    const base = emulator.urls.redistogo
    const auth = `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`

    const created = await fetch(`${base}/instances.xml`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'instance[plan]=nano',
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${base}/instances/1`)
    expect(await created.text()).toContain('<plan>nano</plan>')

    const shown = await fetch(`${base}/instances/1.json`, { headers: { Authorization: auth } })
    // --fast: every delay is 0, so the next request already sees running.
    expect(await shown.json()).toMatchObject({ id: 1, plan: 'nano', status: 'running' })

    const denied = await fetch(`${base}/instances.json`)
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="Application"')
    expect(await denied.text()).toBe('HTTP Basic: Access denied.\n')

    expect(banner(emulator)).toContain('Basic auth accounts (user:password): redistogo:redistogo, waratuman:waratuman')
  })
})
