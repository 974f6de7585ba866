// npm run bench: the emulator measured beside baselines started in the same run (node:http, minimal Express 5),
// printed as a table with ratios and targets, and written as JSON. `--smoke` runs every step very briefly.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure } from './lib/load.mjs'
import { RANDOM_PORT_ARGS, ROOT, rssMb, spawnBaseline, startEmulatorCli } from './lib/processes.mjs'
import { benchProviders, call, redistogo } from './lib/providers.mjs'

const smoke = process.argv.includes('--smoke')
const outArg = process.argv.indexOf('--out')
const outFile = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, 'bench', 'results', 'latest.json')
const SECONDS = smoke ? 0.2 : 2
const COLD_STARTS = smoke ? 1 : 5
// The smoke run measures one provider and only checks that every provider's requests still succeed.
const MEASURED = smoke ? [redistogo] : benchProviders
const CONNECTIONS = smoke ? [1] : [1, 50]
const BIG_STORE = smoke ? 20 : 10_000
const SMALL_STORE = smoke ? 10 : 100
const EMULATOR_FLAGS = ['--fast', '--redis-enterprise-shards-limit', '100000000', ...RANDOM_PORT_ARGS]

const rows = []
function record(row) {
  rows.push(row)
  const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`
  console.log(
    [row.group.padEnd(8), row.name.padEnd(46), String(row.value).padStart(9) + ` ${row.unit}`.padEnd(7), ratio.padStart(7), (row.target ?? '').padEnd(24), row.ok === undefined ? '' : row.ok ? 'ok' : 'MISSED'].join(' '),
  )
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = (url, connections, request, next, seconds = SECONDS) => measure({ url, connections, seconds, request, next })
// Figures compared by a ratio (a read and its baselines; a small and a big store) are measured in alternating short
// rounds, so a drift in the machine's speed during the run (other processes, CPU boost) hits them alike; each figure
// is the round with the median req/s.
const ROUNDS = smoke ? 1 : 3
const ROUND_SECONDS = SECONDS / ROUNDS

/** Runs each named measurement once per round, in turn; gives each its median round, with non-2xx summed over all. */
async function alternating(runs) {
  const results = Object.fromEntries(Object.keys(runs).map((k) => [k, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runs)) results[name].push(await run())
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => {
      const middle = list.find((r) => r.rps === median(list.map((x) => x.rps)))
      return [name, { ...middle, non2xx: list.reduce((n, r) => n + r.non2xx, 0) }]
    }),
  )
}

async function populate(url, provider, count) {
  const ids = []
  const batch = 50
  for (let i = 0; i < count; i += batch) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => provider.createOne(url)))))
  }
  return ids
}

async function startupFigures() {
  const cold = []
  for (let i = 0; i < COLD_STARTS; i++) {
    const emulator = await startEmulatorCli(['--in-memory', ...EMULATOR_FLAGS])
    cold.push(emulator.readyMs)
    await emulator.stop()
  }
  if (smoke) {
    record({ group: 'start', name: 'spawn -> 200 on all 5 ports (--in-memory, new cert)', value: Math.round(median(cold)), unit: 'ms' })
    return
  }
  // With a data dir, the TLS certificate is made on the first start and reused after that (what `npm start` does).
  const dataDir = mkdtempSync(join(tmpdir(), 'rce-bench-start-'))
  const first = await startEmulatorCli(['--data-dir', dataDir, ...EMULATOR_FLAGS])
  await first.stop()
  const warm = []
  for (let i = 0; i < COLD_STARTS; i++) {
    const emulator = await startEmulatorCli(['--data-dir', dataDir, ...EMULATOR_FLAGS])
    warm.push(emulator.readyMs)
    await emulator.stop()
  }
  rmSync(dataDir, { recursive: true, force: true })
  const start = Math.round(median(warm))
  record({ group: 'start', name: 'spawn -> 200 on all 5 ports (data dir, cert kept)', value: start, unit: 'ms', target: '< 250 ms', ok: start < 250 })
  record({ group: 'start', name: 'spawn -> 200 on all 5 ports (--in-memory, new cert)', value: Math.round(median(cold)), unit: 'ms' })
}

/** Every provider's read and create request answers 2xx, so the benchmark cannot silently measure errors. */
async function checkRequests(emulator) {
  for (const provider of benchProviders) {
    const url = emulator.urls[provider.urlKey]
    await provider.prepare(url)
    const id = await provider.createOne(url)
    for (const request of [provider.read(id, url), provider.create(url)]) {
      const res = await fetch(`${url}${request.path}`, { method: request.method, headers: request.headers, body: request.body })
      await res.arrayBuffer()
      if (res.status >= 300) throw new Error(`${provider.id} ${request.method} ${request.path} answered ${res.status}`)
    }
    record({ group: 'check', name: `${provider.id} read and create answer 2xx`, value: 1, unit: 'ok' })
  }
}

async function readFigures(emulator, mode) {
  for (const provider of MEASURED) {
    const url = emulator.urls[provider.urlKey]
    await provider.prepare(url)
    const id = await provider.createOne(url)
    await call(url, 'GET', '/_emulator/health')
    const request = provider.read(id, url)
    const probe = await fetch(`${url}${request.path}`, { headers: request.headers })
    const size = (await probe.arrayBuffer()).byteLength
    if (probe.status !== 200) throw new Error(`${provider.id} read answered ${probe.status}`)
    const baselines = { http: await spawnBaseline('node-http.mjs', size), express: await spawnBaseline('express.mjs', size) }
    try {
      for (const connections of CONNECTIONS) {
        const { http, express, own } = await alternating({
          http: () => load(baselines.http.url, connections, undefined, undefined, ROUND_SECONDS),
          express: () => load(baselines.express.url, connections, undefined, undefined, ROUND_SECONDS),
          own: () => load(url, connections, request, undefined, ROUND_SECONDS),
        })
        const ratio = own.rps / express.rps
        record({ group: `read/${mode}`, name: `${provider.id} ${provider.readLabel} c=${connections} (${size} B)`, value: own.rps, unit: 'req/s', ratio, target: '>= 0.8x Express 5', ok: ratio >= 0.8 && own.non2xx === 0, p50: own.p50, p99: own.p99, non2xx: own.non2xx, baselines: { nodeHttp: http.rps, express: express.rps } })
      }
    } finally {
      await baselines.http.stop()
      await baselines.express.stop()
    }
  }
}

async function createFigures(emulator, mode, connectionCounts) {
  for (const provider of MEASURED) {
    const url = emulator.urls[provider.urlKey]
    for (const connections of connectionCounts) {
      await call(url, 'POST', `/_emulator/reset?provider=${provider.id}`)
      await provider.prepare(url)
      const own = await load(url, connections, undefined, () => provider.create(url))
      const persistent = mode === 'file'
      record({ group: `create/${mode}`, name: `${provider.id} create c=${connections}`, value: own.rps, unit: 'req/s', target: persistent && connections === 50 ? '>= 2000/s' : undefined, ok: persistent && connections === 50 ? own.rps >= 2000 && own.non2xx === 0 : own.non2xx === 0 ? undefined : false, p50: own.p50, p99: own.p99, non2xx: own.non2xx })
    }
  }
}

/**
 * Redis To Go with a small and a big store, each in its own emulator (file persistence), measured in alternating
 * rounds like the reads so both see the same machine.
 */
async function storeSizeFigures(smallEmulator) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rce-bench-big-'))
  const bigEmulator = await startEmulatorCli(['--data-dir', dataDir, ...EMULATOR_FLAGS])
  try {
    const stores = {}
    for (const [size, emulator] of [[SMALL_STORE, smallEmulator], [BIG_STORE, bigEmulator]]) {
      const url = emulator.urls[redistogo.urlKey]
      await call(url, 'POST', '/_emulator/reset?provider=redistogo')
      await redistogo.prepare(url)
      const started = Date.now()
      const ids = await populate(url, redistogo, size)
      stores[size] = { url, readRequest: redistogo.read(ids[Math.floor(ids.length / 2)]), populateMs: Date.now() - started }
    }
    for (const kind of ['read', 'create']) {
      const run = (size) => () =>
        kind === 'read'
          ? load(stores[size].url, 50, stores[size].readRequest, undefined, ROUND_SECONDS)
          : load(stores[size].url, 50, undefined, () => redistogo.create(), ROUND_SECONDS)
      const { small, big } = await alternating({ small: run(SMALL_STORE), big: run(BIG_STORE) })
      record({ group: 'store', name: `redistogo ${kind} c=50, ${SMALL_STORE} objects`, value: small.rps, unit: 'req/s', p50: small.p50, p99: small.p99 })
      const ratio = big.rps / small.rps
      record({ group: 'store', name: `redistogo ${kind} c=50, ${BIG_STORE} objects`, value: big.rps, unit: 'req/s', ratio, target: `>= 0.8x ${SMALL_STORE}-object`, ok: ratio >= 0.8 && big.non2xx === 0, p50: big.p50, p99: big.p99 })
    }
    record({ group: 'store', name: `populate ${BIG_STORE} objects through the API (c=50)`, value: stores[BIG_STORE].populateMs, unit: 'ms' })
  } finally {
    await bigEmulator.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  console.log(`redis-cloud-emulator benchmark${smoke ? ' (smoke)' : ''}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${SECONDS}s per figure`)
  console.log('Load: autocannon in this process; the emulator and baselines are separate processes on 127.0.0.1.\n')
  await startupFigures()

  const dataDir = mkdtempSync(join(tmpdir(), 'rce-bench-'))
  const fileEmulator = await startEmulatorCli(['--data-dir', dataDir, ...EMULATOR_FLAGS])
  const idleRss = rssMb(fileEmulator.child.pid)
  record({ group: 'memory', name: 'RSS after start (file mode)', value: idleRss, unit: 'MB', target: '< 80 MB', ok: idleRss !== null && idleRss < 80 })
  try {
    await checkRequests(fileEmulator)
    await readFigures(fileEmulator, 'file')
    await createFigures(fileEmulator, 'file', CONNECTIONS)
    await storeSizeFigures(fileEmulator)
    record({ group: 'memory', name: 'RSS after load (file mode)', value: rssMb(fileEmulator.child.pid), unit: 'MB' })
  } finally {
    await fileEmulator.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const memoryEmulator = await startEmulatorCli(['--in-memory', ...EMULATOR_FLAGS])
  try {
    await createFigures(memoryEmulator, 'memory', [CONNECTIONS.at(-1)])
  } finally {
    await memoryEmulator.stop()
  }

  const missed = rows.filter((r) => r.ok === false)
  mkdirSync(join(outFile, '..'), { recursive: true })
  writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: cpus().length, smoke, secondsPerFigure: SECONDS, figures: rows }, null, 2))
  console.log(`\n${rows.length} figures, ${missed.length} below target. JSON: ${outFile}`)
}

await main()
// Open keep-alive sockets of fetch would hold the process for a while; the run is complete.
process.exit(0)
