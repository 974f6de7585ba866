// Real-Redis mode in the dashboard (issue 18 item 3): a database's detail names its server's port and state, and
// the redis-cli command it gives connects as written.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeChecked, createRealHarness, type RealHarness } from '../helpers/real-redis.js'
import { createInstance } from '../helpers/redistogo.js'

const run = promisify(execFile)
let h: RealHarness

beforeEach(async () => void (h = await createRealHarness()))
afterEach(() => closeChecked(h))

describe('dashboard with --real-redis', () => {
  it('shows the server behind an instance, and a redis-cli command that reaches it', async () => {
    const created = await createInstance(h, 'nano')
    await h.emulator.realRedis!.whenStarted()
    const detail = await h.request('redistogo').get('/_emulator/resources/redistogo/instances/1').expect(200)
    expect(detail.body.realRedis).toEqual({
      port: created.port,
      state: 'ready',
      cli: `redis-cli -h 127.0.0.1 -p ${created.port} -a '${created.password}' --no-auth-warning`,
    })
    const { stdout } = await run('bash', ['-c', `${detail.body.realRedis.cli} PING`])
    expect(stdout.trim()).toBe('PONG')

    const overview = await h.request('redistogo').get('/_emulator/overview').expect(200)
    expect(overview.body.realRedis).toEqual([{ provider: 'redistogo', key: '1', port: created.port, state: 'ready' }])
  })
})
