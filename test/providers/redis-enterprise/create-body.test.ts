// The create path's shortcuts give what the plain code gave: bodies parsed by the schema cut to their keys
// (schemas.ts parseBdbBody), the captured bdb copied from a compiled literal, the created bdb sent as text.
import { describe, expect, it } from 'vitest'
import { createBdbSchema, parseBdbBody } from '../../../src/providers/redis-enterprise/schemas.js'
import type { RedisEnterpriseSlice } from '../../../src/providers/redis-enterprise/model.js'
import { capture, createReHarness, GB, RE } from '../../helpers/redis-enterprise.js'

/** The value, or the issues, a parse ends with. */
function outcome(parse: () => unknown): unknown {
  try {
    const value = parse()
    // the keys too: JSON text would not show a key whose value is undefined
    return { text: JSON.stringify(value), keys: typeof value === 'object' && value !== null ? Object.keys(value) : undefined }
  } catch (err) {
    return { issues: (err as { issues?: unknown }).issues, name: (err as Error).name }
  }
}

const BODIES: unknown[] = [
  { name: 'db', memory_size: GB },
  { memory_size: GB, name: 'db' },
  {},
  { name: 5 },
  { name: 'x', memory_size: -1 },
  { name: 'x', memory_size: 1.5 },
  { shards_count: 0, name: 1, memory_size: 'big' },
  { port: 'x', eviction_policy: 'bad', replication: 'yes' },
  { name: 'x', unknown_key: 1 },
  { name: 'x', memory_size: GB, shards_count: 2, sharding: true, shard_key_regex: [{ regex: '.*' }, { regex: 'x', extra: 1 }] },
  { module_list: [{ module_name: 'ReJSON', semantic_version: 2 }] },
  { uid: 0, status: 'active', endpoints: [], created_time: 'now', name: 'echoed', memory_size: GB },
  { uid: 7, type: 'memcached', data_persistence: 'aof', authentication_sasl_uname: 'u', authentication_sasl_pass: 'p' },
  JSON.parse('{"__proto__": {"x": 1}, "name": "a"}'),
  JSON.parse('{"constructor": 1, "name": "a"}'),
  [],
  null,
  'text',
  5,
]

describe('parseBdbBody', () => {
  it.each(BODIES.map((body) => [JSON.stringify(body), body]))('gives what the whole schema gives for %s', (_label, body) => {
    const whole = outcome(() => createBdbSchema().parse(body))
    expect(outcome(() => parseBdbBody(body))).toEqual(whole)
    // and again, from the cut-down schema it now keeps
    expect(outcome(() => parseBdbBody(body))).toEqual(whole)
  })
})

describe('a created bdb', () => {
  it('has the captured keys in the captured order, then action_uid, sent as application/json', async () => {
    const h = await createReHarness()
    const res = await h.request(RE).post('/v1/bdbs').auth('admin@redis.local', 'admin-pass').send({ memory_size: GB, name: 'ordered' })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(Object.keys(JSON.parse(res.text))).toEqual([...Object.keys(capture('bdb_single')), 'action_uid'])
    // the response is the stored bdb, byte for byte as res.json would send it
    const stored = h.emulator.store.read<RedisEnterpriseSlice>(RE).bdbs['1']
    expect(res.text).toBe(JSON.stringify(stored))
    const dryRun = await h.request(RE).post('/v1/bdbs?dry_run').auth('admin@redis.local', 'admin-pass').send({ name: 'dry', memory_size: GB })
    expect(dryRun.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(Object.keys(dryRun.body)).toEqual(Object.keys(capture('bdb_single')))
  })

  it('shares no object with another one or with the captured template', async () => {
    const h = await createReHarness()
    for (const name of ['one', 'two']) {
      expect((await h.request(RE).post('/v2/bdbs').auth('admin@redis.local', 'admin-pass').send({ bdb: { name, memory_size: GB } })).status).toBe(200)
    }
    const { bdbs } = h.emulator.store.read<RedisEnterpriseSlice>(RE)
    const template = capture('bdb_single')
    for (const [key, value] of Object.entries(bdbs['1'])) {
      if (typeof value !== 'object' || value === null) continue
      expect(bdbs['2'][key], key).not.toBe(value)
      if (!['endpoints', 'shard_list', 'module_list'].includes(key)) expect(value, key).toEqual(template[key])
    }
  })
})
