// What the built CLI's garbage costs in V8's old space (docs/performance-history.md, memory figures): a request's
// objects die young, so creating instances promotes little more than what the bounded journal and event ring keep for
// a while.
// Measured with this test: 6.5 KB per create; 18.6 KB before requests were born with their app's prototypes
// (src/core/server-classes.ts). The old space then grew with garbage that V8 kept committed after the load.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { RESPONSE_CHECK_ENV } from '../src/control/response-check-env.js'
import { MAIN, RANDOM_PORTS } from './helpers/cli.js'

const AUTH = `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}`

/**
 * The CLI under `node --trace-gc-nvp --trace-gc-verbose`: each young-generation collection prints the bytes it promoted,
 * and each collection the committed size of every space.
 */
function startTracedCli(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // As users run it: without the test suite's response check (test/setup/response-check.ts), whose first check builds
  // the OpenAPI documents in one go, several MB kept alive in one task, which grows the young generation a step past
  // its cap before the cap's observer runs (src/core/young-generation.ts).
  const env = { ...process.env }
  delete env[RESPONSE_CHECK_ENV]
  const child = spawn(process.execPath, ['--trace-gc-nvp', '--trace-gc-verbose', MAIN, '--in-memory', '--fast', ...RANDOM_PORTS], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 15_000)
    const poll = setInterval(() => {
      const url = out.match(/\(redistogo\): (http:\/\/127\.0\.0\.1:\d+)/)?.[1]
      if (!url || !out.includes('Ctrl-C stops')) return
      clearInterval(poll)
      clearTimeout(timer)
      resolve({ child, url, output: () => out })
    }, 20)
    child.on('exit', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${out}`))
    })
  })
}

function promotedBytes(trace: string): number {
  let total = 0
  for (const line of trace.split('\n')) {
    if (!line.includes('gc=s ')) continue
    total += Number(line.match(/ promoted=(\d+)/)?.[1] ?? 0)
  }
  return total
}

async function create(url: string): Promise<void> {
  const res = await fetch(`${url}/instances.json`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: '{"instance":{"plan":"nano"}}' })
  await res.arrayBuffer()
  if (res.status !== 201) throw new Error(`create answered ${res.status}`)
}

async function createMany(url: string, count: number, concurrency: number): Promise<void> {
  for (let done = 0; done < count; done += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, () => create(url)))
}

describe('the built CLI under load', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    child?.kill('SIGKILL')
    child = undefined
  })

  it('promotes under 10 KB per create to the old space (18.6 KB when Express swapped every prototype), with a young generation held at 8 MiB', async () => {
    const cli = await startTracedCli()
    child = cli.child
    // warm-up: compiled code, and the journal (1,000 entries) full, so what follows is the steady state
    await createMany(cli.url, 1200, 4)
    const before = cli.output().length
    const count = 1500
    await createMany(cli.url, count, 4)
    const perCreate = promotedBytes(cli.output().slice(before)) / count
    expect(perCreate, `${Math.round(perCreate)} bytes promoted per create`).toBeLessThan(10_000)
    // src/core/young-generation.ts: two semi-spaces of 4 MiB once started (32 MiB after this load without the cap)
    const committed = [...cli.output().matchAll(/New space, .* committed:\s+(\d+) KB/g)].map((m) => Number(m[1]))
    expect(committed.length).toBeGreaterThan(0)
    expect(Math.max(...committed)).toBe(8192)
  }, 120_000)
})
