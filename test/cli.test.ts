// The built CLI (dist/main.cjs): starts, prints the banner, answers health on every port, flushes and exits on SIGTERM.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exitOf, MAIN, RANDOM_PORTS, startCli } from './helpers/cli.js'
import { send } from './helpers/http.js'
import { tempDir } from './helpers/harness.js'

describe('CLI', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  it('starts, serves health on all six listeners, and on SIGTERM flushes the state file and exits 0', async () => {
    const { child, banner, urls } = await startCli(['--data-dir', dir, ...RANDOM_PORTS])
    const exited = exitOf(child)
    expect(urls).toHaveLength(6)
    // 9443 and the metrics exporter (8070) are HTTPS
    expect(urls.filter((u) => u.startsWith('https://'))).toHaveLength(2)
    // the dashboard on the first plain-HTTP listener (Redis Enterprise's 8080 counterpart)
    expect(banner).toContain(`Dashboard: ${urls.find((u) => u.startsWith('http://'))}/_emulator/ui (on every port)`)
    expect(banner).toContain('Redis Enterprise Software (redis-enterprise)')
    for (const url of urls) expect((await send('GET', `${url}/_emulator/health`)).status).toBe(200)

    const jdcloudUrl = urls[3]
    const seeded = await send('POST', `${jdcloudUrl}/_emulator/seed`, { providers: { jdcloud: { marker: 'kept' } } })
    expect(seeded.status).toBe(200)

    child.kill('SIGTERM')
    const { code, stdout } = await exited
    expect(code).toBe(0)
    expect(stdout).toContain('stopped (SIGTERM)')
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf-8'))
    expect(state.schema).toBe(1)
    expect(state.providers.jdcloud.marker).toBe('kept')
  })

  it('reads settings from EMULATOR_* variables and stops on SIGINT', async () => {
    const { child, banner, urls } = await startCli(['--data-dir', dir], {
      EMULATOR_IN_MEMORY: 'true',
      EMULATOR_DISABLE: 'redis-enterprise,kakaocloud',
      EMULATOR_JDCLOUD_PORT: '0',
      EMULATOR_REDISTOGO_PORT: '0',
    })
    const exited = exitOf(child)
    expect(banner).toContain('in memory')
    expect(banner).not.toContain('redis-enterprise')
    expect(urls).toHaveLength(2)
    child.kill('SIGINT')
    expect((await exited).code).toBe(0)
  })

  it('prints --help and exits 0', () => {
    const res = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf-8' })
    expect(res.status).toBe(0)
    for (const flag of ['--data-dir', '--in-memory', '--fast', '--delay', '--disable', '--host', '--redis-enterprise-tls', '--jdcloud-port']) {
      expect(res.stdout).toContain(flag)
    }
  })

  // issue #9: the build bundles the CLI and records a V8 code cache that a start must actually use (start < 250 ms).
  it('runs from the bundle with the code cache the build recorded, and still starts without it', () => {
    const withCache = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf-8', env: { ...process.env, RCE_CODE_CACHE: 'report' } })
    expect(withCache.status).toBe(0)
    expect(withCache.stderr).toBe('code cache: used\n')
    const cache = `${MAIN.replace(/main\.cjs$/, 'cli.cjs')}.cache`
    const saved = readFileSync(cache)
    try {
      writeFileSync(cache, Buffer.from('not a code cache'))
      const without = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf-8', env: { ...process.env, RCE_CODE_CACHE: 'report' } })
      expect(without.status).toBe(0)
      expect(without.stderr).toBe('code cache: not used\n')
      expect(without.stdout).toBe(withCache.stdout)
    } finally {
      writeFileSync(cache, saved)
    }
  })

  it.each([
    [['--jdcloud-port', 'abc'], /expected a port number/],
    [['--disable', 'aws'], /unknown provider "aws"/],
    [['--delay', 'jdcloud.instance.create'], /--delay expects <name>=<ms>/],
    [['--delay', 'nope.delay=5'], /unknown delay "nope.delay"/],
  ])('rejects %j with a message and a non-zero exit', (args, message) => {
    const res = spawnSync(process.execPath, [MAIN, '--in-memory', ...RANDOM_PORTS, ...args], { encoding: 'utf-8', timeout: 10_000 })
    expect(res.status).not.toBe(0)
    expect(res.stderr).toMatch(message)
  })
})
