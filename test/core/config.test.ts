// parseConfig: the emulator's options checked by hand (src/config.ts), defaults filled in, every wrong option named.
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/config.js'

const DEFAULTS = {
  host: '127.0.0.1',
  dataDir: './.emulator-data',
  inMemory: false,
  fast: false,
  delays: {},
  bodyLimitBytes: 1024 * 1024,
  journalSize: 1000,
  journalMaxBodyBytes: 64 * 1024,
  journalMaxBytes: 32 * 1024 * 1024,
  providers: {},
  realRedis: false,
  realRedisMaxServers: 16,
}

function problemOf(options: unknown): string {
  try {
    parseConfig(options)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('accepted')
}

describe('parseConfig', () => {
  it('fills in every default, for no options, {} and options set to undefined', () => {
    expect(parseConfig(undefined)).toEqual(DEFAULTS)
    expect(parseConfig({})).toEqual(DEFAULTS)
    expect(parseConfig({ host: undefined, seedFile: undefined, journalSize: undefined })).toEqual(DEFAULTS)
    // the optional ones stay absent
    expect(Object.keys(parseConfig({})).sort()).toEqual(Object.keys(DEFAULTS).sort())
  })

  it('keeps every option given, nested provider options included', () => {
    const options = {
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      inMemory: true,
      fast: true,
      delays: { 'bdb.create': 0, 'instance.create': 2500 },
      port: 0 as const,
      controlToken: 't',
      seedFile: 'seed.json',
      bodyLimitBytes: 1024,
      journalSize: 0,
      journalMaxBodyBytes: 16 * 1024 * 1024,
      journalMaxBytes: 4 * 1024 * 1024 * 1024,
      providers: {
        'redis-enterprise': { enabled: true, port: 9443, ports: { http: 8080, metrics: 0 }, tls: false, settings: { a: true, b: 2, c: 'x' } },
        kakaocloud: { enabled: false },
      },
      realRedis: true,
      realRedisMaxServers: 1000,
      redisServerPath: '/usr/bin/redis-server',
    }
    expect(parseConfig(options)).toEqual(options)
  })

  it('gives each call its own default objects', () => {
    const first = parseConfig({})
    first.delays.x = 1
    first.providers.y = {}
    expect(parseConfig({})).toEqual(DEFAULTS)
  })

  it.each([
    [{ host: '' }, 'host: expected a non-empty string'],
    [{ dataDir: 3 }, 'dataDir: expected a string, got number'],
    [{ inMemory: 'yes' }, 'inMemory: expected a boolean, got string'],
    [{ fast: null }, 'fast: expected a boolean, got null'],
    [{ port: 8080 }, 'port: expected 0, got number 8080'],
    [{ controlToken: '' }, 'controlToken: expected a non-empty string'],
    [{ bodyLimitBytes: 1023 }, 'bodyLimitBytes: expected a number >= 1024'],
    [{ journalSize: 100_001 }, 'journalSize: expected a number <= 100000'],
    [{ journalSize: 1.5 }, 'journalSize: expected a whole number'],
    [{ journalMaxBodyBytes: -1 }, 'journalMaxBodyBytes: expected a number >= 0'],
    [{ journalMaxBytes: Number.NaN }, 'journalMaxBytes: expected a number, got NaN'],
    [{ realRedisMaxServers: 0 }, 'realRedisMaxServers: expected a number >= 1'],
    [{ realRedisMaxServers: Infinity }, 'realRedisMaxServers: expected a number, got number'],
    [{ delays: { 'bdb.create': -1 } }, 'delays.bdb.create: expected a number >= 0'],
    [{ delays: [] }, 'delays: expected an object, got array'],
    [{ providers: { jdcloud: { port: 70000 } } }, 'providers.jdcloud.port: expected a number <= 65535'],
    [{ providers: { jdcloud: { ports: { http: '80' } } } }, 'providers.jdcloud.ports.http: expected a number, got string'],
    [{ providers: { jdcloud: { settings: { a: {} } } } }, 'providers.jdcloud.settings.a: expected a boolean, number or string, got object'],
    [{ providers: { jdcloud: { colour: 'red' } } }, 'providers.jdcloud: unknown option "colour"'],
    [{ providers: { jdcloud: true } }, 'providers.jdcloud: expected an object, got boolean'],
    [{ hots: 'x' }, 'options: unknown option "hots"'],
  ])('refuses %j: %s', (options, problem) => {
    expect(problemOf(options)).toBe(`invalid emulator options: ${problem}`)
  })

  it('names every wrong option at once', () => {
    expect(problemOf({ host: '', journalSize: -1, extra: 1 })).toBe(
      'invalid emulator options: options: unknown option "extra"; host: expected a non-empty string; journalSize: expected a number >= 0',
    )
  })

  it('refuses options that are not an object', () => {
    expect(problemOf('fast')).toBe('invalid emulator options: options: expected an object, got string')
    expect(problemOf([])).toBe('invalid emulator options: options: expected an object, got array')
  })
})
