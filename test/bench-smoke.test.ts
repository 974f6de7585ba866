// A very short run of `npm run bench` on every test run, so the benchmark cannot rot (issue 9); targets are not
// judged here: figures in a timed test would be noise.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from './helpers/harness.js'

const RUN = fileURLToPath(new URL('../bench/run.mjs', import.meta.url))

describe('benchmark smoke run', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir('rce-bench-')))
  afterEach(() => cleanup())

  it('measures every kind of figure and checks every provider\'s benchmark requests', () => {
    const out = join(dir, 'bench.json')
    const run = spawnSync(process.execPath, [RUN, '--smoke', '--out', out], { encoding: 'utf-8', timeout: 120_000 })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/figures, \d+ below target/)
    const report = JSON.parse(readFileSync(out, 'utf-8'))
    expect(report).toMatchObject({ smoke: true, cores: expect.any(Number), node: process.version })
    const groups = new Set(report.figures.map((f: { group: string }) => f.group))
    expect([...groups].sort()).toEqual(['check', 'create/file', 'create/memory', 'dashboard', 'delays', 'list', 'memory', 'read/file', 'start', 'store'])
    const checked = report.figures.filter((f: { group: string }) => f.group === 'check').map((f: { name: string }) => f.name.split(' ')[0])
    expect(checked.sort()).toEqual(['jdcloud', 'kakaocloud', 'redis-enterprise', 'redistogo'])
    for (const figure of report.figures) expect(typeof figure.value === 'number' && figure.value > 0, figure.name).toBe(true)
    const read = report.figures.find((f: { group: string }) => f.group === 'read/file')
    expect(read).toMatchObject({ ratio: expect.any(Number), non2xx: 0, baselines: { nodeHttp: expect.any(Number), express: expect.any(Number) } })
    // issue #20: each new figure is printed with its target and a ratio
    const named = (pattern: RegExp) => report.figures.filter((f: { name: string }) => pattern.test(f.name))
    const target = (text: string) => ({ target: text, ok: expect.any(Boolean) })
    expect(named(/^spawn -> 200 .*--in-memory/)).toEqual([expect.objectContaining({ group: 'start', unit: 'ms', ...target('< 200 ms') })])
    expect(named(/default delays \(file mode\)/)).toEqual([expect.objectContaining({ group: 'delays', unit: 'req/s', ratio: expect.any(Number), non2xx: 0, ...target('>= 0.8x --fast') })])
    expect(named(/default delays: p99/)).toEqual([expect.objectContaining({ group: 'delays', unit: 'ms', ratio: expect.any(Number), ...target('< 100 ms') })])
    expect(named(/transitions due at once/)).toEqual([expect.objectContaining({ group: 'delays', unit: 'ms', ratio: expect.any(Number), ...target('< 200 ms') })])
    const lists = report.figures.filter((f: { group: string }) => f.group === 'list')
    expect(lists).toHaveLength(3)
    expect(lists.map((f: { bytes: number }) => f.bytes)).toEqual([...lists.map((f: { bytes: number }) => f.bytes)].sort((a, b) => a - b))
    for (const list of lists.slice(1)) {
      expect(list).toMatchObject({ unit: 'ms/req', ratio: expect.any(Number), bytesRatio: expect.any(Number), non2xx: 0, ok: expect.any(Boolean) })
      expect(list.target).toMatch(/^<= [\d.]+x \(bytes vs \d+\)$/)
    }
    // issue #18: the dashboard's cost (a watcher process following the stream as the page does), with the events it
    // saw, each pair of rounds' ratio, and the emulator's CPU per request in both modes
    const open = named(/dashboard open \(event stream/)
    expect(open).toEqual([expect.objectContaining({ group: 'dashboard', unit: 'req/s', ratio: expect.any(Number), non2xx: 0, events: expect.any(Number), refreshes: expect.any(Number), ...target('>= 0.9x no dashboard') })])
    expect(open[0].events).toBeGreaterThan(0)
    expect(open[0].roundRatios).toHaveLength(1)
    expect(named(/emulator CPU per request, (no dashboard|dashboard open)$/).map((f: { unit: string }) => f.unit)).toEqual(['µs', 'µs'])
    const sideBySide = named(/side by side/)
    expect(sideBySide).toEqual([expect.objectContaining({ group: 'dashboard', unit: 'req/s', ratio: expect.any(Number), non2xx: 0, ...target('>= 0.9x no dashboard') })])
    expect(sideBySide[0].roundRatios).toHaveLength(2)
    expect(sideBySide[0].pairRatios).toHaveLength(1)
    expect(named(/^RSS after \d+ reads of the \d+-instance list/)).toEqual([expect.objectContaining({ group: 'memory', unit: 'MB', ...target('< 150 MB') })])
    // issue #17: the journal's memory after large answers and refused large bodies
    expect(named(/refused 1 MB bodies$/)).toEqual([expect.objectContaining({ group: 'memory', unit: 'MB', ...target('< 150 MB') })])
  }, 120_000)

  it('--only memory runs the two large-answer memory sections alone; an unknown section is refused', () => {
    const out = join(dir, 'only.json')
    const run = spawnSync(process.execPath, [RUN, '--smoke', '--only', 'memory', '--out', out], { encoding: 'utf-8', timeout: 120_000 })
    expect(run.status, run.stderr).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf-8'))
    expect(report.only).toEqual(['list', 'journal'])
    expect([...new Set(report.figures.map((f: { group: string }) => f.group))].sort()).toEqual(['list', 'memory'])
    const memory = report.figures.filter((f: { group: string }) => f.group === 'memory').map((f: { name: string }) => f.name)
    expect(memory).toEqual([expect.stringMatching(/^RSS after \d+ reads of the \d+-instance list/), expect.stringMatching(/refused 1 MB bodies$/)])
    const refused = spawnSync(process.execPath, [RUN, '--smoke', '--only', 'heap', '--out', out], { encoding: 'utf-8', timeout: 30_000 })
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('--only takes start, check, read, create, store, delays, dashboard, list, journal, memory')
  }, 120_000)
})
