// Flags -> emulator options (src/cli.ts), and --seed / seedFile loading a state document on start.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildCommand, optionsFromCommand } from '../../src/cli.js'
import { startEmulator } from '../../src/emulator.js'
import { widgets } from '../helpers/fake-provider.js'
import { send } from '../helpers/http.js'

const parse = (args: string[]) => optionsFromCommand(buildCommand().parse(['node', 'cli', ...args]).opts())
const seeds = fileURLToPath(new URL('../fixtures/seeds', import.meta.url))

describe('command-line options', () => {
  it('maps every flag to its option', () => {
    expect(
      parse([
        '--host', '0.0.0.0', '--data-dir', '/tmp/x', '--in-memory', '--fast',
        '--delay', 'jdcloud.instance.create=5', '--delay', 'redistogo.instance.create=0,kakaocloud.cluster.create=7',
        '--disable', 'kakaocloud', '--seed', 'seed.json', '--control-token', 't0k',
        '--redis-enterprise-port', '0', '--redis-enterprise-http-port', '8081', '--redis-enterprise-tls', 'false',
        '--jdcloud-port', '7201', '--jdcloud-verify-signatures', 'false',
      ]),
    ).toMatchObject({
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      inMemory: true,
      fast: true,
      delays: { 'jdcloud.instance.create': 5, 'redistogo.instance.create': 0, 'kakaocloud.cluster.create': 7 },
      seedFile: 'seed.json',
      controlToken: 't0k',
      providers: {
        'redis-enterprise': { port: 0, ports: { http: 8081 }, tls: false },
        jdcloud: { port: 7201, settings: { verifySignatures: false } },
        kakaocloud: { enabled: false },
      },
    })
  })

  it('defaults to the documented values', () => {
    expect(parse([])).toEqual({
      host: '127.0.0.1',
      dataDir: './.emulator-data',
      inMemory: false,
      fast: false,
      delays: {},
      seedFile: undefined,
      controlToken: undefined,
      realRedis: false,
      realRedisMaxServers: undefined,
      redisServerPath: undefined,
      journalSize: undefined,
      journalMaxBodyBytes: undefined,
      journalMaxBytes: undefined,
      providers: {},
    })
  })

  // issue #17 item 6: the journal's limits as flags and EMULATOR_* variables, like every other flag
  it('maps the journal limits from flags and from EMULATOR_JOURNAL_* variables', () => {
    expect(parse(['--journal-size', '50', '--journal-max-body-bytes', '1024', '--journal-max-bytes', '1048576'])).toMatchObject({
      journalSize: 50,
      journalMaxBodyBytes: 1024,
      journalMaxBytes: 1048576,
    })
    const saved = { ...process.env }
    try {
      Object.assign(process.env, { EMULATOR_JOURNAL_SIZE: '7', EMULATOR_JOURNAL_MAX_BODY_BYTES: '2048', EMULATOR_JOURNAL_MAX_BYTES: '65536' })
      expect(parse([])).toMatchObject({ journalSize: 7, journalMaxBodyBytes: 2048, journalMaxBytes: 65536 })
    } finally {
      for (const key of ['EMULATOR_JOURNAL_SIZE', 'EMULATOR_JOURNAL_MAX_BODY_BYTES', 'EMULATOR_JOURNAL_MAX_BYTES']) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
  })
})

describe('seed file on start', () => {
  it('loads the document before the first request', async () => {
    const emulator = await startEmulator({ inMemory: true, port: 0, seedFile: join(seeds, 'two-widgets.json') }, { registry: [widgets] })
    try {
      const res = await send('GET', `${emulator.urls.widgets}/widgets/2`)
      expect(res.json()).toEqual({ id: 2, name: 'seeded-two', status: 'polished' })
    } finally {
      await emulator.close()
    }
  })

  it('refuses a missing or invalid seed file with a clear error', async () => {
    await expect(startEmulator({ inMemory: true, port: 0, seedFile: join(seeds, 'nope.json') }, { registry: [widgets] })).rejects.toThrow(/cannot read seed file/)
    await expect(startEmulator({ inMemory: true, port: 0, seedFile: fileURLToPath(new URL('../../package.json', import.meta.url)) }, { registry: [widgets] })).rejects.toThrow(/seed file .*invalid request body/)
  })
})
