// issue #19: the response schemas of the databases/actions part of the Redis Enterprise OpenAPI document describe the
// captured real bodies key for key (captures/*.json), and the per-status error_code lists keep the common codes.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorsFor } from '../../../src/providers/redis-enterprise/openapi.js'
import { actionsV1Body, bdbBody, projectedBdbBody } from '../../../src/providers/redis-enterprise/responses.js'
import { clusterAlertsBody } from '../../../src/providers/redis-enterprise/alerts/responses.js'
import { bdbStatsBody, clusterStatsBody, nodeStatsBody } from '../../../src/providers/redis-enterprise/stats/responses.js'

const capture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/redis-enterprise/captures/${name}`, import.meta.url), 'utf-8'))

describe('Redis Enterprise response schemas against the captures', () => {
  const bdb = capture('bdb_single.json') as Record<string, unknown>

  it('the captured bdb is a valid bdb body', () => {
    expect(bdbBody().safeParse(bdb).error?.issues).toBeUndefined()
  })

  it('every captured bdb key is required, and typed: a bdb missing one, or with one of another type, is refused', () => {
    for (const key of Object.keys(bdb)) {
      const { [key]: _dropped, ...without } = bdb
      expect(bdbBody().safeParse(without).success, `without ${key}`).toBe(false)
      const wrong = typeof bdb[key] === 'string' ? 12 : 'x'
      expect(bdbBody().safeParse({ ...bdb, [key]: wrong }).success, `${key} as ${typeof wrong}`).toBe(false)
    }
  })

  it('a bdb with a key the emulator never sends is refused (strict); the keys the capture lacks are optional', () => {
    expect(bdbBody().safeParse({ ...bdb, surprise: 1 }).success).toBe(false)
    expect(bdbBody().safeParse({ ...bdb, action_uid: 'a', traffic_manually_disabled: true, tags: [], enforce_client_authentication: 'disabled' }).success).toBe(true)
  })

  it('?fields= projections: any subset of the keys with the same types, nothing else', () => {
    expect(projectedBdbBody().safeParse({ uid: 1, name: 'db' }).success).toBe(true)
    expect(projectedBdbBody().safeParse({}).success).toBe(true)
    expect(projectedBdbBody().safeParse({ uid: '1' }).success).toBe(false)
    expect(projectedBdbBody().safeParse({ uid: 1, surprise: 1 }).success).toBe(false)
  })

  it('the captured actions list, alerts and stats match their schemas (the RS capture omits progress: the emulator sends it)', () => {
    const actions = capture('actions_list.json')
    const machines = actions['state-machines'].map((m: Record<string, unknown>) => ({ progress: 100, ...m }))
    expect(actionsV1Body().safeParse({ actions: [], 'state-machines': machines }).error?.issues).toBeUndefined()
    expect(clusterAlertsBody().safeParse(capture('cluster_alerts.json')).error?.issues).toBeUndefined()
    expect(clusterStatsBody().safeParse(capture('cluster_stats.json')).error?.issues).toBeUndefined()
    expect(nodeStatsBody().safeParse(capture('nodes_stats.json')[0]).error?.issues).toBeUndefined()
    expect(bdbStatsBody().safeParse(capture('bdbs_stats.json')[0]).error?.issues).toBeUndefined()
  })
})

describe('errorsFor', () => {
  const codesOf = (spec: { body?: unknown }) => (spec.body as { shape: { error_code: { options: string[] } } }).shape.error_code.options

  it('groups codes by their status and keeps the common code of each status', () => {
    const answers = errorsFor('db_not_exist', 'busy', 'license_expired', 'invalid_version', 'db_in_recovery')
    expect(Object.keys(answers).sort()).toEqual(['403', '404', '406', '409', '503'])
    expect(codesOf(answers[404]!)).toEqual(['not_found', 'db_not_exist'])
    expect(codesOf(answers[403]!)).toEqual(['insufficient_permissions', 'license_expired'])
    expect(codesOf(answers[406]!)).toEqual(['invalid_schema', 'invalid_version'])
    expect(codesOf(answers[409]!)).toEqual(['busy'])
    expect(codesOf(answers[503]!)).toEqual(['cluster_not_bootstrapped', 'db_in_recovery'])
  })
})
