// Real-Redis mode as a process: servers come back after a restart, stop on close, SIGTERM and even SIGKILL (no
// orphans), and a missing redis-server is a clear start-up error (issue 10).
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator.js'
import { ConfigError } from '../../src/config.js'
import { exitOf, MAIN, RANDOM_PORTS, startCli } from '../helpers/cli.js'
import { createFileHarness, tempDir, type Harness } from '../helpers/harness.js'
import { send } from '../helpers/http.js'
import { BASE, createBody, createInstance, jd } from '../helpers/jdcloud.js'
import { create as createKakao, getCluster, instanceSetBody } from '../helpers/kakaocloud.js'
import { authError, connect, portClosed, redisProcesses } from '../helpers/real-redis.js'
import { createInstance as createRtgInstance, rtg } from '../helpers/redistogo.js'
import { GB, withRoles } from '../helpers/redis-enterprise.js'

/** A process that exists and is not a zombie (an orphan's zombie waits for whatever reaps it in a container). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf-8'))
  } catch {
    return false
  }
}

/** CLIs started by a test; one a failed assertion left running is killed after it. */
const clis: ChildProcess[] = []
afterEach(() => {
  for (const child of clis.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

async function startRealCli(args: string[], detached = false) {
  const started = await startCli(args, {}, detached)
  clis.push(started.child)
  return started
}

/** The process group id (field 5 of /proc/<pid>/stat). */
function processGroup(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf-8').replace(/^.*\) /, '').split(' ')[2])
}

async function until(check: () => boolean, ms = 3_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (check()) return true
  return check()
}

/** The redis-server processes a CLI emulator started (children of its pid). */
function childServers(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), 'redis-server'], { encoding: 'utf-8' }).split('\n').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

describe('restart', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const harnesses: Harness[] = []
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.emulator.realRedis?.close()
    await cleanup()
  })

  async function open(): Promise<Harness> {
    const h = await createFileHarness(dir, { realRedis: true, fast: true })
    harnesses.push(h)
    await h.emulator.realRedis!.whenStarted()
    return h
  }

  it('every stored resource gets its server back, on the stored port with the stored password (data is not kept)', async () => {
    const first = await open()
    const jdId = await createInstance(first, { password: 'JdPass01' })
    const jdPort = (await jd(first, 'GET', `${BASE}/cacheInstance/${jdId}`)).body.result.cacheInstance.port
    const bdb = (await withRoles(first).as('admin').post('/v1/bdbs', { name: 'kept', memory_size: GB, authentication_redis_pass: 're-pass' })).body
    const kakaoId = await createKakao(first, 'instance-sets', instanceSetBody({ user: { name: 'kuser', password: 'k-pass' } }))
    const kakaoPort = (await getCluster(first, kakaoId)).body.port
    const rtgInstance = await createRtgInstance(first, 'nano')
    const client = await connect(jdPort, { password: 'JdPass01' })
    await client.set('lost', 'on restart')
    client.destroy()

    // the emulator goes away (its servers with it) and starts again on the same data dir
    await first.emulator.realRedis!.close()
    await first.emulator.store.flush()
    for (const port of [jdPort, bdb.endpoints[0].port, kakaoPort, rtgInstance.port]) expect(await portClosed(port)).toBe(true)
    const second = await open()
    expect(second.emulator.realRedis!.servers().map((s) => [s.providerId, s.port, s.state]).sort()).toEqual(
      [
        ['jdcloud', jdPort, 'ready'],
        ['kakaocloud', kakaoPort, 'ready'],
        ['redis-enterprise', bdb.endpoints[0].port, 'ready'],
        ['redistogo', rtgInstance.port, 'ready'],
      ].sort(),
    )
    expect(await authError(jdPort, { password: 'JdPass01' })).toBeUndefined()
    expect(await authError(bdb.endpoints[0].port, { password: 're-pass' })).toBeUndefined()
    expect(await authError(kakaoPort, { username: 'kuser', password: 'k-pass' })).toBeUndefined()
    expect(await authError(rtgInstance.port, { password: rtgInstance.password })).toBeUndefined()
    const again = await connect(jdPort, { password: 'JdPass01' })
    expect(await again.get('lost')).toBeNull()
    again.destroy()
    // the resources created just before the restart settle to running as usual
    expect((await rtg(second, 'get', `/instances/${rtgInstance.id}.json`)).body.status).toBe('running')
  })

  it('a state import starts the servers its resources need (GET then PUT /_emulator/state)', async () => {
    const h = await open()
    const instance = await createRtgInstance(h, 'nano')
    const exported = (await h.request('redistogo').get('/_emulator/state')).body
    await h.request('redistogo').post('/_emulator/reset').expect(200)
    expect(await portClosed(instance.port)).toBe(true)
    await h.request('redistogo').put('/_emulator/state').send(exported).expect(200)
    await h.emulator.realRedis!.whenStarted()
    expect(await authError(instance.port, { password: instance.password })).toBeUndefined()
  })

  it('control-plane reset stops every server before it answers', async () => {
    const h = await open()
    const instance = await createRtgInstance(h, 'nano')
    await h.emulator.realRedis!.whenStarted()
    expect(await portClosed(instance.port)).toBe(false)
    await h.request('redistogo').post('/_emulator/reset').expect(200)
    expect(await portClosed(instance.port)).toBe(true)
    expect(h.emulator.realRedis!.servers()).toEqual([])
  })
})

describe('no orphans', () => {
  it('close() stops every server of a programmatic emulator', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0, realRedis: true, fast: true })
    const dir = emulator.realRedis!.workDir
    const res = await send('POST', `${emulator.urls.redistogo}/instances.json`, { instance: { plan: 'nano' } }, { authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}` })
    expect(res.status).toBe(201)
    expect(redisProcesses(dir)).toHaveLength(1)
    await emulator.close()
    expect(redisProcesses(dir)).toEqual([])
  })

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`the CLI's servers stop when it gets ${signal}`, async () => {
      const { child, banner } = await startRealCli(['--in-memory', '--fast', '--real-redis', ...RANDOM_PORTS])
      expect(banner).toContain('Real Redis: every created database is a redis-server on 127.0.0.1 (at most 16 at once)')
      const exited = exitOf(child)
      const url = banner.match(/Redis To Go \(redistogo\): (http:\/\/\S+)/)![1]
      const auth = { authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}` }
      const created = (await send('POST', `${url}/instances.json`, { instance: { plan: 'nano' } }, auth)).json<{ id: number; port: number }>()
      // running (--fast) once the server answers
      expect((await send('GET', `${url}/instances/${created.id}.json`, undefined, auth)).json<{ status: string }>().status).toBe('running')
      const servers = childServers(child.pid!)
      expect(servers).toHaveLength(1)
      // the server's command line names its config file, in the emulator's work folder
      const workDir = readFileSync(`/proc/${servers[0]}/cmdline`, 'utf-8').match(/(\/\S*?rce-real-redis-[^/]+)\//)![1]
      expect(await portClosed(created.port)).toBe(false)
      child.kill(signal)
      await exited
      // SIGKILL leaves no chance to clean up: the kernel's parent-death signal (setpriv --pdeathsig) ends the server
      expect(await until(() => servers.every((pid) => !alive(pid)))).toBe(true)
      // (Not the port: once its owner is dead, a parallel test worker may rightly claim it for a server of its own.)
      // the next emulator in real-Redis mode removes a killed one's work folder
      const next = await startEmulator({ inMemory: true, port: 0, realRedis: true })
      await next.close()
      expect(existsSync(workDir)).toBe(false)
    })
  }
})

describe('Ctrl-C in a terminal', () => {
  it('SIGINT to the whole process group stops the servers as a shutdown, not as failures (the instance stays running)', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const { child, banner } = await startRealCli(['--data-dir', dir, '--fast', '--real-redis', '--jdcloud-verify-signatures', 'false', ...RANDOM_PORTS], true)
      const exited = exitOf(child)
      const url = banner.match(/JDCloud JCS for Redis \(jdcloud\): (http:\/\/\S+)/)![1]
      const created = await send('POST', `${url}${BASE}/cacheInstance`, createBody())
      expect(created.status).toBe(200)
      const id = created.json<{ result: { cacheInstanceId: string } }>().result.cacheInstanceId
      expect((await send('GET', `${url}${BASE}/cacheInstance/${id}`)).json<any>().result.cacheInstance.cacheInstanceStatus).toBe('running')
      const servers = childServers(child.pid!)
      expect(servers).toHaveLength(1)
      // the server is outside the emulator's process group, so the group's SIGINT does not reach it
      expect(processGroup(servers[0])).not.toBe(processGroup(child.pid!))
      process.kill(-child.pid!, 'SIGINT')
      expect((await exited).code).toBe(0)
      expect(await until(() => servers.every((pid) => !alive(pid)))).toBe(true)
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf-8'))
      expect(state.providers.jdcloud.instances[id].instance.cacheInstanceStatus).toBe('running')
    } finally {
      await cleanup()
    }
  })
})

describe('start-up errors', () => {
  it('--real-redis without a redis-server on PATH: exit 2 and what to install', () => {
    const res = spawnSync(process.execPath, [MAIN, '--in-memory', '--real-redis', ...RANDOM_PORTS], {
      encoding: 'utf-8',
      timeout: 10_000,
      env: { ...process.env, PATH: '/nonexistent' },
    })
    expect(res.status).toBe(2)
    expect(res.stderr).toBe(
      'redis-cloud-emulator: --real-redis needs redis-server on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or --redis-server-path <file>\n',
    )
  })

  it('a --redis-server-path that is not a redis-server is a ConfigError', async () => {
    await expect(startEmulator({ inMemory: true, port: 0, realRedis: true, redisServerPath: '/bin/false' })).rejects.toThrow(
      new ConfigError('--redis-server-path /bin/false is not a runnable redis-server'),
    )
  })
})
