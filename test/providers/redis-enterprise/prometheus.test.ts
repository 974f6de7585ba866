// Debian's prometheus scraping the emulated metrics exporter every second (issue 21): series of a database created
// through /v1/bdbs appear, a deleted one goes stale, and a sample of the public alert rules fire on pinned values.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator.js'
import { CREDENTIALS, GB } from '../../helpers/redis-enterprise.js'

const PROMETHEUS = '/usr/bin/prometheus'

let emulator: RunningEmulator
let prometheus: ChildProcess
let dir: string
let promUrl: string
let restUrl: string

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

// A sample of the public alert rules (reference metrics §8.1: AL1 v1 names, AL2 v2 names), `for: 0s` so they fire on
// the first evaluation that sees the value.
const RULES = `groups:
  - name: redis-enterprise-sample
    interval: 1s
    rules:
      - alert: DatabaseMemoryAbove80Percent
        expr: bdb_used_memory / bdb_memory_limit * 100 > 80
      - alert: DatabaseLatencyAbove1ms
        expr: bdb_avg_latency * 1000 > 1
      - alert: NodeNotResponding
        expr: node_up == 0
      - alert: DatabaseMemoryAbove80PercentV2
        expr: sum by (cluster, db) (redis_server_used_memory{job="redis", role="master"}) / (avg by (cluster, db) (db_memory_limit_bytes{job="redis"}) / max by (cluster, db) (db_replication_factor{job="redis"})) * 100 > 80
      - alert: NodeMetricsDown
        expr: node_metrics_up{job="redis"} == 0
`

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } }
  expect(body.status).toBe('success')
  return body.data.result
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const admin = `Basic ${Buffer.from(CREDENTIALS.admin.join(':')).toString('base64')}`
async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${restUrl}${path}`, { method, headers: { authorization: admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}
async function pin(object: 'bdb' | 'node', uid: number, metric: string, value: number | null) {
  const res = await fetch(`${restUrl}/_emulator/metrics`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object, uid, metric, value }) })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true, port: 0, fast: true, providers: { jdcloud: { enabled: false }, kakaocloud: { enabled: false }, redistogo: { enabled: false } } })
  restUrl = emulator.urls['redis-enterprise-http']
  const target = new URL(emulator.urls['redis-enterprise-metrics']).host
  dir = await mkdtemp(join(tmpdir(), 'rce-prometheus-'))
  // reference metrics §1.1 and §1.3: HTTPS with verification off, v1 on /metrics, v2 on /v2
  await writeFile(
    join(dir, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
scrape_configs:
  - job_name: redis
    scheme: https
    metrics_path: /v2
    tls_config: { insecure_skip_verify: true }
    static_configs: [{ targets: ['${target}'] }]
  - job_name: redis-v1
    scheme: https
    metrics_path: /metrics
    tls_config: { insecure_skip_verify: true }
    static_configs: [{ targets: ['${target}'] }]
`,
  )
  await writeFile(join(dir, 'rules.yml'), RULES)
  const port = await freePort()
  promUrl = `http://127.0.0.1:${port}`
  prometheus = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  prometheus.stderr!.on('data', (c) => (stderr += c))
  await until('prometheus to be ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined), 15_000).catch((err) => {
    throw new Error(`${(err as Error).message}\n${stderr}`)
  })
}, 30_000)

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus.once('exit', r))
    prometheus.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
    if (prometheus.exitCode === null) prometheus.kill('SIGKILL')
  }
  await emulator?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('prometheus scraping the emulated exporter (issue 21)', () => {
  it('both targets are up; a database created through /v1/bdbs appears, and goes stale once deleted', async () => {
    await until('both targets up', async () => {
      const up = await query('up')
      return up.length === 2 && up.every((s) => s.value[1] === '1') ? true : undefined
    })
    const bdb = await rest('POST', '/v1/bdbs', { name: 'scraped-db', memory_size: GB })
    const uid = String(bdb.uid)
    await until('the database series', async () => {
      const [v1, v2] = [await query(`bdb_used_memory{bdb="${uid}"}`), await query(`db_memory_limit_bytes{db="${uid}"}`)]
      return v1.length === 1 && v2.length === 1 ? true : undefined
    })
    expect(Number((await query(`db_memory_limit_bytes{db="${uid}"}`))[0].value[1])).toBe(GB)
    expect((await query(`redis_server_up{db="${uid}"}`)).length).toBe(bdb.shard_list.length)
    expect(Number((await query(`bdb_memory_limit{bdb="${uid}"}`))[0].value[1])).toBe(GB)
    await rest('DELETE', `/v1/bdbs/${uid}`)
    await rest('GET', '/v1/bdbs') // the delete completes (--fast) on the next request
    await until('the database series to go stale', async () => {
      const [v1, v2] = [await query(`bdb_used_memory{bdb="${uid}"}`), await query(`db_status{db="${uid}"}`)]
      return v1.length === 0 && v2.length === 0 ? true : undefined
    })
    // still scraped: the cluster's own series go on
    expect((await query('node_metrics_up')).length).toBe(3)
  }, 30_000)

  it('alert rules fire on values set with the test hook', async () => {
    const bdb = await rest('POST', '/v1/bdbs', { name: 'alerting-db', memory_size: GB })
    await rest('GET', `/v1/bdbs/${bdb.uid}`)
    await pin('bdb', bdb.uid, 'bdb_used_memory', 0.9 * GB)
    await pin('bdb', bdb.uid, 'redis_server_used_memory', 0.95 * GB)
    await pin('bdb', bdb.uid, 'bdb_avg_latency', 0.004)
    await pin('node', 2, 'node_up', 0)
    await pin('node', 3, 'node_metrics_up', 0)
    const wanted = ['DatabaseMemoryAbove80Percent', 'DatabaseLatencyAbove1ms', 'NodeNotResponding', 'DatabaseMemoryAbove80PercentV2', 'NodeMetricsDown']
    const alerts = await until('the alerts to fire', async () => {
      const body = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } }
      const firing = body.data.alerts.filter((a) => a.state === 'firing')
      return wanted.every((name) => firing.some((a) => a.labels.alertname === name)) ? firing : undefined
    }, 15_000)
    expect(alerts.find((a) => a.labels.alertname === 'DatabaseMemoryAbove80Percent')!.labels.bdb).toBe(String(bdb.uid))
    expect(alerts.find((a) => a.labels.alertname === 'NodeNotResponding')!.labels.node).toBe('2')
    expect(alerts.find((a) => a.labels.alertname === 'NodeMetricsDown')!.labels.node).toBe('3')
    // nothing else fires: the emulator's own values are healthy
    expect(alerts.filter((a) => !wanted.includes(a.labels.alertname))).toEqual([])
  }, 30_000)
})
