// Crash durability of the built CLI (dist/main.cjs): a stream of creates and updates on a real data file, SIGKILL at a
// random moment, restart; over and over. The data files always parse and recover to a document holding every change
// acknowledged with a 2xx (or a later change to the same record that was in flight when the process died).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LogFile } from '../../src/core/log-file.js'
import { tempDir } from '../helpers/harness.js'
import { basicAuth, Client, jsonRequest as json, parseJson, type Answer } from './client.js'

const MAIN = fileURLToPath(new URL('../../dist/main.cjs', import.meta.url))
const CYCLES = Number(process.env.CRASH_CYCLES ?? 20)
const WRITERS = 6
/** Reproduce the kill timings and the operation mix with CRASH_SEED=<seed>. */
const SEED = Number(process.env.CRASH_SEED ?? 20261122)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Running {
  child: ChildProcess
  urls: Record<string, string>
}

function start(dataDir: string): Promise<Running> {
  const args = [MAIN, '--data-dir', dataDir, '--disable', 'jdcloud,kakaocloud', '--redis-enterprise-tls', 'false']
  args.push('--redis-enterprise-port', '0', '--redis-enterprise-http-port', '0', '--redis-enterprise-metrics-port', '0', '--redistogo-port', '0')
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`the CLI did not start: ${out}${err}`)), 15_000)
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (!out.includes('Ctrl-C stops')) return
      clearTimeout(timer)
      const urls: Record<string, string> = {}
      for (const m of out.matchAll(/\(([a-z-]+)\): (https?:\/\/\S+)/g)) urls[m[1]] = m[2]
      resolve({ child, urls })
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the CLI exited with ${code} before its banner: ${out}${err}`))
    })
  })
}

/** One record's acknowledged value, and the value of a change in flight when the process died (it may have landed). */
async function expectServed(rtg: Client, re: Client, instances: Map<string, Expected>, users: Map<string, Expected>, context: string): Promise<void> {
  const listed = parseJson(await rtg.send({ method: 'GET', path: '/instances.json' }, RTG)).map((e: { instance: { id: number; label: string } }) => e.instance)
  for (const [id, expected] of instances) {
    const found = listed.find((i: { id: number }) => String(i.id) === id)
    expect(found, `${context}: instance ${id} served after restart`).toBeDefined()
    expect([expected.acked, expected.inFlight], `${context}: instance ${id} label served`).toContain(found.label)
  }
  const served = parseJson(await re.send({ method: 'GET', path: '/v1/users' }, ADMIN))
  for (const [uid, expected] of users) {
    const found = served.find((u: { uid: number }) => String(u.uid) === uid)
    expect(found, `${context}: user ${uid} served after restart`).toBeDefined()
    expect([expected.acked, expected.inFlight], `${context}: user ${uid} name served`).toContain(found.name)
  }
}

interface Expected {
  acked: string
  inFlight?: string
}

const RTG = basicAuth('redistogo', 'redistogo')
const ADMIN = basicAuth('admin@redis.local', 'admin-pass')

describe(`crash durability: ${CYCLES} SIGKILL cycles of the built CLI (seed ${SEED})`, () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeAll(async () => ({ dir, cleanup } = await tempDir('rce-crash-')))
  afterAll(() => cleanup())

  it('keeps every acknowledged create and update across SIGKILLs, and the data file always parses', async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run npm run build (npm test does)`).toBe(true)
    const random = mulberry32(SEED)
    const instances = new Map<string, Expected>() // redistogo instance id -> label
    const users = new Map<string, Expected>() // redis-enterprise user uid -> name
    let acknowledged = 0
    let serial = 0

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const context = `cycle ${cycle} (CRASH_SEED=${SEED})`
      const { child, urls } = await start(dir)
      const exited = new Promise((resolve) => child.once('exit', resolve))
      const rtg = new Client(urls.redistogo)
      const re = new Client(urls['redis-enterprise'])

      // What the restarted emulator serves is what the data files held.
      await expectServed(rtg, re, instances, users, context)

      let dead = false
      const failures: string[] = []
      const check = (answer: Answer, what: string) => {
        if (answer.status >= 500) failures.push(`${context}: ${what} -> ${answer.status} ${answer.text}`)
        return answer.status >= 200 && answer.status < 300
      }
      const writer = async (w: number) => {
        const own = { instances: [] as string[], users: [] as string[] }
        while (!dead) {
          const n = ++serial
          const roll = random()
          try {
            if (roll < 0.15 || (roll < 0.5 && own.instances.length === 0)) {
              const answer = await rtg.send(json('POST', '/instances.json', { instance: { plan: 'nano', label: `created-${n}` } }), RTG)
              if (check(answer, 'create instance')) {
                const id = String(parseJson(answer).id)
                instances.set(id, { acked: `created-${n}` })
                own.instances.push(id)
                acknowledged++
              }
            } else if (roll < 0.5) {
              const id = own.instances[Math.floor(random() * own.instances.length)]
              const record = instances.get(id)!
              record.inFlight = `updated-${n}`
              const answer = await rtg.send(json('PUT', `/instances/${id}.json`, { instance: { label: `updated-${n}` } }), RTG)
              if (check(answer, 'update instance')) {
                instances.set(id, { acked: `updated-${n}` })
                acknowledged++
              }
            } else if (roll < 0.65 || own.users.length === 0) {
              const answer = await re.send(json('POST', '/v1/users', { email: `w${w}-${n}@crash.local`, password: 'crash-pass-1', role: 'db_viewer', name: `created-${n}` }), ADMIN)
              if (check(answer, 'create user')) {
                const uid = String(parseJson(answer).uid)
                users.set(uid, { acked: `created-${n}` })
                own.users.push(uid)
                acknowledged++
              }
            } else {
              const uid = own.users[Math.floor(random() * own.users.length)]
              users.get(uid)!.inFlight = `updated-${n}`
              const answer = await re.send(json('PUT', `/v1/users/${uid}`, { name: `updated-${n}` }), ADMIN)
              if (check(answer, 'update user')) {
                users.set(uid, { acked: `updated-${n}` })
                acknowledged++
              }
            }
          } catch {
            return // the connection died with the process: that request was never acknowledged
          }
        }
      }
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w))
      await new Promise((resolve) => setTimeout(resolve, 60 + Math.floor(random() * 340)))
      dead = true
      child.kill('SIGKILL')
      await Promise.all([...writers, exited])
      rtg.close()
      re.close()
      expect(failures).toEqual([])

      // The data files parse (a torn last log line is the only damage allowed: it was never acknowledged) ...
      expect(() => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf-8')), `${context}: state.json parses`).not.toThrow()
      const logPath = join(dir, 'state.json.log')
      const logLines = existsSync(logPath) ? readFileSync(logPath, 'utf-8').split('\n').filter((l) => l.trim()) : []
      for (const line of logLines.slice(0, -1)) expect(() => JSON.parse(line), `${context}: a log line before the last is whole`).not.toThrow()
      // ... and the document they recover to holds every acknowledged change.
      const document: any = await new LogFile(join(dir, 'state.json')).read()
      for (const [id, expected] of instances) {
        const stored = document.providers.redistogo.instances[id]
        expect(stored, `${context}: acknowledged instance ${id} in the data files`).toBeDefined()
        expect([expected.acked, expected.inFlight], `${context}: instance ${id} label`).toContain(stored.label)
        instances.set(id, { acked: stored.label }) // what survived is now the durable value, whichever of the two it was
      }
      for (const [uid, expected] of users) {
        const stored = document.providers['redis-enterprise'].users[uid]
        expect(stored, `${context}: acknowledged user ${uid} in the data files`).toBeDefined()
        expect([expected.acked, expected.inFlight], `${context}: user ${uid} name`).toContain(stored.name)
        users.set(uid, { acked: stored.name })
      }
    }
    // One last start: it serves everything, and a clean stop leaves one plain state.json holding it all.
    const { child, urls } = await start(dir)
    const rtg = new Client(urls.redistogo)
    const re = new Client(urls['redis-enterprise'])
    await expectServed(rtg, re, instances, users, 'after the last kill')
    rtg.close()
    re.close()
    const stopped = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await stopped
    const final = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf-8'))
    for (const id of instances.keys()) expect(final.providers.redistogo.instances[id], `instance ${id} in the final state.json`).toBeDefined()
    console.log(`crash durability: ${CYCLES} SIGKILLs, ${acknowledged} acknowledged changes, ${instances.size} instances and ${users.size} users checked each time`)
    expect(acknowledged).toBeGreaterThan(CYCLES * 5)
  }, 120_000)
})
