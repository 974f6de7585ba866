// A full disk under the built CLI (issue #17 item 1), on a real 2 MB tmpfs (CI runs as root; a failed mount fails the
// suite, it never skips). Filled up, creates answer the provider's own 500 and are not listed; reads keep working; once
// space returns, creates are acknowledged again; after a SIGKILL the restart loads every acknowledged create and none
// of the refused ones, three times over. A restart on a still-full disk starts from the log, and a clean stop later
// folds everything into state.json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAIN } from '../helpers/cli.js'
import { basicAuth, Client, jsonRequest as json, parseJson } from './client.js'

const RTG = basicAuth('redistogo', 'redistogo')
const FILLER = 'filler.bin'

interface Running {
  child: ChildProcess
  url: string
  stderr: () => string
}

/** Every CLI this suite started: a failed test must not leave one holding the mount. */
const started = new Set<ChildProcess>()

function start(dataDir: string): Promise<Running> {
  const args = [MAIN, '--data-dir', dataDir, '--disable', 'jdcloud,kakaocloud,redis-enterprise', '--redistogo-port', '0']
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  started.add(child)
  child.once('exit', () => started.delete(child))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`the CLI did not start: ${out}${err}`)), 15_000)
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (!out.includes('Ctrl-C stops')) return
      clearTimeout(timer)
      resolve({ child, url: /\(redistogo\): (http:\/\/\S+)/.exec(out)![1], stderr: () => err })
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the CLI exited with ${code} before its banner: ${out}${err}`))
    })
  })
}

function kill(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)))
  running.child.kill(signal)
  return exited
}

/** Fills the file system up to the last byte with one file. */
function fill(dir: string): void {
  const fd = openSync(join(dir, FILLER), 'w')
  const chunk = Buffer.alloc(16 * 1024, 0x61)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
    // the last partial chunk: whatever bytes still fit
    for (let size = 8 * 1024; size >= 1; size >>= 1) {
      try {
        for (;;) writeSync(fd, chunk, 0, size)
      } catch {
        // smaller next
      }
    }
  } finally {
    closeSync(fd)
  }
}

function free(dir: string): void {
  unlinkSync(join(dir, FILLER))
}

async function listedLabels(client: Client): Promise<string[]> {
  const answer = await client.send({ method: 'GET', path: '/instances.json' }, RTG)
  expect(answer.status).toBe(200)
  return parseJson(answer).map((e: { instance?: { label: string }; label?: string }) => e.instance?.label ?? e.label)
}

describe('a full disk under the built CLI (2 MB tmpfs)', () => {
  let mountPoint: string
  let dataDir: string
  beforeAll(() => {
    expect(existsSync(MAIN), `${MAIN} is missing: run npm run build (npm test does)`).toBe(true)
    mountPoint = mkdtempSync(join(tmpdir(), 'rce-tmpfs-'))
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { encoding: 'utf-8' })
    // no skipping: CI runs as root, and this suite is the proof of issue #17 item 1 on a real file system
    expect(mounted.status, `mount -t tmpfs failed (the suite needs root): ${mounted.stderr}`).toBe(0)
    dataDir = join(mountPoint, 'data')
  })
  afterAll(async () => {
    await Promise.all([...started].map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')))))
    spawnSync('umount', [mountPoint])
    rmSync(mountPoint, { recursive: true, force: true })
  })

  it('refuses creates with its own 500 while full, takes them again when space returns, and loses nothing acknowledged across 3 SIGKILLs', async () => {
    const acknowledged: string[] = []
    const refused: string[] = []
    let serial = 0
    for (let cycle = 0; cycle < 3; cycle++) {
      const running = await start(dataDir)
      const client = new Client(running.url)
      expect((await listedLabels(client)).sort(), `cycle ${cycle}: served after restart`).toEqual([...acknowledged].sort())

      for (let i = 0; i < 3; i++) {
        const label = `before-full-${++serial}`
        const answer = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label } }), RTG)
        expect(answer.status, answer.text).toBe(201)
        acknowledged.push(label)
      }
      fill(mountPoint)
      // The log's last page may still hold a line or two: creates are acknowledged until the first refusal. After it,
      // the log is back at its last complete line, and the next lines (no shorter) are refused too.
      let firstRefusal = false
      for (let i = 0; i < 50 && refused.length < 5 * (cycle + 1); i++) {
        const label = `while-full-${++serial}`
        const answer = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label } }), RTG)
        if (!firstRefusal && answer.status === 201) {
          acknowledged.push(label)
          continue
        }
        firstRefusal = true
        // Redis To Go's own server-error envelope (JSON for a .json path), never a stack trace
        expect(answer.status, answer.text).toBe(500)
        expect(answer.headers['content-type']).toMatch(/application\/json/)
        expect(parseJson(answer)).toEqual({ errors: [expect.any(String)] })
        refused.push(label)
      }
      expect(refused, `cycle ${cycle}: five creates refused on the full disk`).toHaveLength(5 * (cycle + 1))
      // reads keep working and show none of the refused creates
      expect((await listedLabels(client)).sort()).toEqual([...acknowledged].sort())
      expect(running.stderr()).not.toMatch(/\n\s+at /)
      free(mountPoint)
      for (let i = 0; i < 3; i++) {
        const label = `after-free-${++serial}`
        const answer = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label } }), RTG)
        expect(answer.status, answer.text).toBe(201)
        acknowledged.push(label)
      }
      client.close()
      await kill(running, 'SIGKILL')
      // the log holds only whole lines
      const log = readFileSync(join(dataDir, 'state.json.log'), 'utf-8')
      expect(log === '' || log.endsWith('\n'), 'the log ends with a complete line').toBe(true)
      for (const line of log.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow()
    }
    const running = await start(dataDir)
    const client = new Client(running.url)
    const served = await listedLabels(client)
    expect(served.sort()).toEqual([...acknowledged].sort())
    for (const label of refused) expect(served).not.toContain(label)
    client.close()
    expect(await kill(running, 'SIGTERM')).toBe(0)
    expect(acknowledged.length).toBeGreaterThanOrEqual(18)
    expect(refused).toHaveLength(15)
  }, 120_000)

  it('starts on a still-full disk from its log, refuses writes until there is room, then stops cleanly into state.json', async () => {
    rmSync(dataDir, { recursive: true, force: true })
    const first = await start(dataDir)
    let client = new Client(first.url)
    const created = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label: 'kept' } }), RTG)
    expect(created.status).toBe(201)
    client.close()
    fill(mountPoint)
    await kill(first, 'SIGKILL')

    const second = await start(dataDir)
    expect(second.stderr()).toMatch(/warning: .*state\.json could not be compacted \(ENOSPC, disk full\)/)
    client = new Client(second.url)
    expect(await listedLabels(client)).toEqual(['kept'])
    // the log's last page may still have room for a line or two: creates go on until the disk refuses one
    const acknowledged = ['kept']
    let refusedAt = 0
    for (let i = 1; i <= 50 && !refusedAt; i++) {
      const answer = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label: `full-${i}` } }), RTG)
      expect([201, 500], answer.text).toContain(answer.status)
      if (answer.status === 201) acknowledged.push(`full-${i}`)
      else refusedAt = i
    }
    expect(refusedAt, 'a create was refused on the full disk').toBeGreaterThan(0)
    expect((await listedLabels(client)).sort()).toEqual([...acknowledged].sort())
    free(mountPoint)
    const later = await client.send(json('POST', '/instances.json', { instance: { plan: 'nano', label: 'later' } }), RTG)
    expect(later.status).toBe(201)
    client.close()
    expect(await kill(second, 'SIGTERM')).toBe(0)
    const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf-8'))
    const labels = Object.values(state.providers.redistogo.instances as Record<string, { label: string }>).map((i) => i.label)
    expect(labels.sort()).toEqual([...acknowledged, 'later'].sort())
    expect(labels).not.toContain(`full-${refusedAt}`)
  }, 60_000)

  it('a read-only data dir (EROFS) refuses to start: exit 2, one line naming the file, nothing written', () => {
    rmSync(dataDir, { recursive: true, force: true })
    const roMount = mkdtempSync(join(tmpdir(), 'rce-ro-'))
    try {
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', roMount]).status).toBe(0)
      writeFileSync(join(roMount, 'state.json'), JSON.stringify({ schema: 1, providers: {} }))
      expect(spawnSync('mount', ['-o', 'remount,ro', roMount]).status).toBe(0)
      const res = spawnSync(process.execPath, [MAIN, '--data-dir', roMount, '--disable', 'jdcloud,kakaocloud,redis-enterprise', '--redistogo-port', '0'], {
        encoding: 'utf-8',
        timeout: 15_000,
      })
      expect(res.status).toBe(2)
      expect(res.stderr).toBe(
        `redis-cloud-emulator: cannot write ${join(roMount, 'state.json')} (EROFS): the data dir must be writable; fix its permissions or mount, or start with --in-memory\n`,
      )
      expect(readFileSync(join(roMount, 'state.json'), 'utf-8')).toBe(JSON.stringify({ schema: 1, providers: {} }))
    } finally {
      spawnSync('umount', [roMount])
      rmSync(roMount, { recursive: true, force: true })
    }
  })
})
