// Start-up of the built CLI with damaged or unusual state (issue #17 item 2): exit code 2, one readable line naming
// the file, the line or record and what to do (never a stack trace), and the files left byte for byte as they were.
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exitOf, MAIN, startCli } from './helpers/cli.js'
import { send } from './helpers/http.js'
import { tempDir } from './helpers/harness.js'

const ARGS = ['--disable', 'jdcloud,kakaocloud,redis-enterprise', '--redistogo-port', '0']
const AUTH = { authorization: `Basic ${Buffer.from('redistogo:redistogo').toString('base64')}` }

describe('CLI start-up with damaged state', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())

  const state = () => join(dir, 'state.json')
  const log = () => join(dir, 'state.json.log')

  function files(): Record<string, string> {
    return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf-8')]))
  }

  function refusesToStart(expected: RegExp): void {
    const before = files()
    const res = spawnSync(process.execPath, [MAIN, '--data-dir', dir, ...ARGS], { encoding: 'utf-8', timeout: 15_000 })
    expect(res.status, res.stderr).toBe(2)
    expect(res.stderr.endsWith('\n')).toBe(true)
    expect(res.stderr.trimEnd().split('\n'), 'exactly one line').toHaveLength(1)
    expect(res.stderr).not.toMatch(/\s+at .*\(.*:\d+:\d+\)|TypeError|Error:/)
    expect(res.stderr).toMatch(/^redis-cloud-emulator: /)
    expect(res.stderr).toMatch(expected)
    expect(files(), 'the files are left untouched').toEqual(before)
  }

  /** A real data dir: one instance created, then SIGKILL (its create is in the log) or SIGTERM (folded into state.json). */
  async function prepared(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const { child, urls } = await startCli(['--data-dir', dir, ...ARGS])
    const exited = exitOf(child)
    const created = await send('POST', `${urls[0]}/instances.json`, { instance: { plan: 'nano', label: 'mine' } }, AUTH)
    expect(created.status).toBe(201)
    child.kill(signal)
    await exited
  }

  it('a state.json holding null: refused, not started empty over it', async () => {
    await prepared('SIGTERM')
    writeFileSync(state(), 'null')
    refusesToStart(/state file .*state\.json holds null, not a state document; it was left untouched: restore it from a backup, or move it away/)
  })

  it('state.json deleted but its log kept: refused rather than serving part of the state', async () => {
    await prepared('SIGTERM') // state.json holds the first create; the log is empty
    const { child, urls } = await startCli(['--data-dir', dir, ...ARGS])
    const exited = exitOf(child)
    expect((await send('POST', `${urls[0]}/instances.json`, { instance: { plan: 'nano', label: 'second' } }, AUTH)).status).toBe(201)
    child.kill('SIGKILL')
    await exited
    const { rmSync } = await import('node:fs')
    rmSync(state())
    refusesToStart(/state log .*state\.json\.log continues at line 1 from commit \d+, but .*state\.json is missing .*restore state\.json from a backup, or move both files away/)
  })

  it('a record with missing fields: refused at start-up with the record named (it used to load and answer 500)', async () => {
    await prepared('SIGTERM')
    const document = JSON.parse(readFileSync(state(), 'utf-8'))
    const [id] = Object.keys(document.providers.redistogo.instances)
    delete document.providers.redistogo.instances[id].plan
    writeFileSync(state(), JSON.stringify(document))
    refusesToStart(new RegExp(`state file .*state\\.json: providers\\.redistogo: instances\\.${id}\\.plan: .*; it was left untouched: repair it, or move it away`))
  })

  it('an unparseable log line before the last (and a log record with missing fields)', async () => {
    await prepared('SIGKILL')
    const lines = readFileSync(log(), 'utf-8')
    writeFileSync(log(), `not json\n${lines}`)
    refusesToStart(/state log .*state\.json\.log is corrupt at line 1 \(not JSON\); both files were left untouched: remove that line and the ones after it/)
    writeFileSync(log(), `${lines}{"s":999}\n`)
    refusesToStart(/state log .*state\.json\.log is corrupt at line \d+ \(its operation list "o" is missing or not an array\)/)
  })

  it('a torn last log line (a crash mid-append, never acknowledged) still starts, with every acknowledged create', async () => {
    await prepared('SIGKILL')
    writeFileSync(log(), `${readFileSync(log(), 'utf-8')}{"s":99,"o":[[["redistogo","instan`)
    const { child, urls } = await startCli(['--data-dir', dir, ...ARGS])
    const exited = exitOf(child)
    const listed = await send('GET', `${urls[0]}/instances.json`, undefined, AUTH)
    expect(listed.json<{ instance: { label: string } }[]>().map((e) => e.instance.label)).toEqual(['mine'])
    child.kill('SIGTERM')
    expect((await exited).code).toBe(0)
  })
})
