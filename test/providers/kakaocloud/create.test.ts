// reference §4: POST /v1/clusters (cluster mode) and POST /v1/instance-sets (cluster mode off): the object derived from
// the request, and a 400 for each documented constraint.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../helpers/harness.js'
import {
  clusterBody,
  create,
  defaultGroup,
  FLAVOR_2,
  FLAVOR_8,
  getCluster,
  instanceSetBody,
  PROJECT_ID,
  READY_TOKEN,
  SG_CLIENTS,
  SG_DEFAULT,
  SUBNET_A,
  SUBNET_B,
  SUBNET_C,
} from '../../helpers/kakaocloud.js'

describe('kakaocloud create flows (reference §4)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })
  const post = (path: string, body: unknown) => h.request('kakaocloud').post(path).set('X-Auth-Token', READY_TOKEN).send(body as object)

  async function expect400(path: string, body: unknown, message: string | RegExp) {
    const res = await post(path, body)
    expect(res.status, JSON.stringify(body)).toBe(400)
    // A string is the exact message; a RegExp matches it (zod messages start with the field path).
    const expected = typeof message === 'string' ? message : expect.stringMatching(message)
    expect(res.body).toEqual({ error: { code: 'BadRequest', message: expected } })
  }

  it('POST /v1/clusters answers 201 {objectId}; the cluster is derived from the request and starts Creating', async () => {
    const res = await post('/v1/clusters', clusterBody({ backupSchedule: { cron: '0 3 * * *', retentionLimit: 7 }, tlsEnabled: true }))
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ objectId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    const id = res.body.objectId
    const group = defaultGroup('6.2.5', true)
    expect((await getCluster(h, id)).body).toEqual({
      projectId: PROJECT_ID,
      objectId: id,
      name: 'test-cluster',
      description: 'test-cluster',
      version: '6.2.5',
      port: 6379,
      clusterEnabled: true,
      recoveryEnabled: true, // seed 001: always true in cluster mode
      shardCount: 2,
      totalNodeCount: 6, // shardCount × nodeCountPerShard
      flavorId: FLAVOR_8.id,
      vcpu: 8,
      memory: 16,
      endpoints: { primaryEndpoint: '', readEndpoint: '' }, // seed 001: empty while Creating
      userName: 'testusername',
      subnets: [{ id: SUBNET_A }, { id: SUBNET_B }],
      subnetAssignments: [
        { primary: { id: SUBNET_A }, replicas: [{ id: SUBNET_B }, { id: SUBNET_B }] },
        { primary: { id: SUBNET_B }, replicas: [{ id: SUBNET_A }, { id: SUBNET_A }] },
      ],
      securityGroups: [{ id: SG_DEFAULT }, { id: SG_CLIENTS }],
      backupSchedule: null, // seed 001: "Null if using cluster mode"
      creator: 'developer@example.com',
      license: 'GPL',
      status: 'Creating',
      parameterGroupId: group.objectId,
      parameterGroupName: group.name,
      parameterGroupSyncStatus: 'In-Sync',
      createdAt: '2026-01-15T10:00:00Z',
    })
  })

  it('POST /v1/instance-sets answers 201; replicas is the total node count, shardCount 0, name from instanceSetName', async () => {
    const res = await post('/v1/instance-sets', instanceSetBody({ user: null, description: null }))
    expect(res.status).toBe(201)
    const id = res.body.objectId
    const group = defaultGroup('6.2.5', false)
    expect((await getCluster(h, id)).body).toEqual({
      projectId: PROJECT_ID,
      objectId: id,
      name: 'test-instance-set',
      description: '',
      version: '6.2.5',
      port: 6379,
      clusterEnabled: false,
      recoveryEnabled: false,
      shardCount: 0,
      totalNodeCount: 4,
      flavorId: FLAVOR_2.id,
      vcpu: 2,
      memory: 4,
      endpoints: { primaryEndpoint: '', readEndpoint: '' },
      userName: '-', // seed 001: "-" if no authentication used
      subnets: [{ id: SUBNET_A }],
      subnetAssignments: [{ primary: { id: SUBNET_A }, replicas: [{ id: SUBNET_A }, { id: SUBNET_A }, { id: SUBNET_A }] }],
      securityGroups: [{ id: SG_DEFAULT }, { id: SG_CLIENTS }],
      backupSchedule: { cron: '* 1 * * *', retentionLimit: 15 },
      creator: 'developer@example.com',
      license: 'GPL',
      status: 'Creating',
      parameterGroupId: group.objectId,
      parameterGroupName: group.name,
      parameterGroupSyncStatus: 'In-Sync',
      createdAt: '2026-01-15T10:00:00Z',
    })
  })

  it('an instance set without backupSchedule has backupSchedule null (reference §4: omitted = no automatic backup)', async () => {
    const body = instanceSetBody()
    delete body.backupSchedule
    const id = await create(h, 'instance-sets', body)
    expect((await getCluster(h, id)).body.backupSchedule).toBeNull()
  })

  it('reference §4: shardCount 1–12 (1 and 12 accepted, 0 and 13 rejected)', async () => {
    const oneShard = clusterBody({ name: 'one-shard', shardCount: 1, subnetAssignments: [clusterBody().subnetAssignments[0]] })
    expect((await post('/v1/clusters', oneShard)).status).toBe(201)
    const assignment = { primary: { id: SUBNET_A }, replicas: [] }
    const twelve = clusterBody({ name: 'twelve-shards', shardCount: 12, nodeCountPerShard: 1, subnetAssignments: Array(12).fill(assignment) })
    expect((await post('/v1/clusters', twelve)).status).toBe(201)
    await expect400('/v1/clusters', clusterBody({ shardCount: 0, subnetAssignments: [] }), /shardCount: shardCount must be between 1 and 12/)
    await expect400('/v1/clusters', clusterBody({ shardCount: 13, nodeCountPerShard: 1, subnetAssignments: Array(13).fill(assignment) }), /shardCount must be between 1 and 12/)
  })

  it('reference §4: port 2000–50000', async () => {
    expect((await post('/v1/clusters', clusterBody({ name: 'port-low', port: 2000 }))).status).toBe(201)
    expect((await post('/v1/clusters', clusterBody({ name: 'port-high', port: 50000 }))).status).toBe(201)
    await expect400('/v1/clusters', clusterBody({ port: 1999 }), /^port: port must be between 2000 and 50000/)
    await expect400('/v1/clusters', clusterBody({ port: 50001 }), /port must be between 2000 and 50000/)
    await expect400('/v1/instance-sets', instanceSetBody({ port: 80 }), /port must be between 2000 and 50000/)
    await expect400('/v1/clusters', clusterBody({ port: 6379.5 }), /^port:/)
  })

  it('reference §4: one subnetAssignments entry per shard, each with nodeCountPerShard - 1 replicas', async () => {
    await expect400('/v1/clusters', clusterBody({ subnetAssignments: [clusterBody().subnetAssignments[0]] }), 'subnetAssignments must have one entry per shard (2)')
    await expect400('/v1/clusters', clusterBody({ nodeCountPerShard: 2 }), 'each subnetAssignments entry must list nodeCountPerShard - 1 (1) replicas')
    await expect400('/v1/clusters', clusterBody({ nodeCountPerShard: 0 }), /^nodeCountPerShard:/)
  })

  it('reference §4: subnet assignments may only use subnets listed in subnets; subnets and security groups must exist', async () => {
    await expect400('/v1/clusters', clusterBody({ subnets: [{ id: SUBNET_A }] }), `subnetAssignments uses subnet ${SUBNET_B}, which is not listed in subnets`)
    await expect400('/v1/instance-sets', instanceSetBody({ subnets: [{ id: SUBNET_A }, { id: 'no-such-subnet' }] }), 'subnet no-such-subnet does not exist')
    await expect400('/v1/instance-sets', instanceSetBody({ securityGroups: [{ id: 'no-such-sg' }] }), 'security group no-such-sg does not exist')
    await expect400('/v1/instance-sets', instanceSetBody({ securityGroups: [] }), /^securityGroups:/)
    await expect400('/v1/instance-sets', instanceSetBody({ subnets: [] }), /^subnets:/)
    const spread = instanceSetBody({ subnets: [{ id: SUBNET_A }, { id: SUBNET_C }], subnetAssignments: [{ primary: { id: SUBNET_C }, replicas: [{ id: SUBNET_A }, { id: SUBNET_A }, { id: SUBNET_C }] }] })
    expect((await post('/v1/instance-sets', spread)).status).toBe(201)
  })

  it('reference §4: flavor, version and parameter group must exist and match (5.0.6 only without cluster mode)', async () => {
    await expect400('/v1/clusters', clusterBody({ flavorId: 'no-such-flavor' }), 'flavor no-such-flavor does not exist')
    await expect400('/v1/clusters', clusterBody({ version: '5.0.6', parameterGroupId: defaultGroup('5.0.6', false).objectId }), /version 5.0.6 is not available for cluster mode/)
    await expect400('/v1/instance-sets', instanceSetBody({ version: '9.9.9' }), /version 9.9.9 is not available/)
    await expect400('/v1/clusters', clusterBody({ parameterGroupId: 'no-such-group' }), 'parameter group no-such-group does not exist')
    await expect400('/v1/clusters', clusterBody({ parameterGroupId: defaultGroup('6.2.5', false).objectId }), /is for Redis 6.2.5 with cluster mode off/)
    await expect400('/v1/instance-sets', instanceSetBody({ parameterGroupId: defaultGroup('7.2.6', false).objectId }), /is for Redis 7.2.6 with cluster mode off/)
    const id = await create(h, 'instance-sets', instanceSetBody({ version: '5.0.6', parameterGroupId: defaultGroup('5.0.6', false).objectId }))
    expect((await getCluster(h, id)).body.version).toBe('5.0.6')
  })

  it('reference §4: instanceSetName 4–20 chars of [a-z0-9-], starting with a letter, ending with a letter or digit, no "--"', async () => {
    const bad: [string, string][] = [
      ['abc', 'the name must be 4 to 20 characters'],
      ['a'.repeat(21), 'the name must be 4 to 20 characters'],
      ['upper-Case', 'the name may contain only lowercase letters, digits and hyphens'],
      ['with space', 'the name may contain only lowercase letters, digits and hyphens'],
      ['1starts-digit', 'the name must start with a lowercase letter'],
      ['ends-with-', 'the name must end with a lowercase letter or a digit'],
      ['double--dash', 'the name must not contain consecutive hyphens'],
    ]
    for (const [name, message] of bad) await expect400('/v1/instance-sets', instanceSetBody({ instanceSetName: name }), new RegExp(`^instanceSetName: ${message}$`))
    // The cluster-mode page's name rules were not retrieved: the same rules apply to `name` [INF].
    await expect400('/v1/clusters', clusterBody({ name: 'Test_Cluster' }), /^name: the name may contain only lowercase letters, digits and hyphens/)
    await expect400('/v1/clusters', clusterBody({ name: 'x' }), /^name: the name must be 4 to 20 characters/)
    for (const name of ['abcd', 'a'.repeat(20), 'set-1-a9']) expect((await post('/v1/instance-sets', instanceSetBody({ instanceSetName: name }))).status).toBe(201)
  })

  it('reference §4: description ≤ 100 characters, no emoji, no line breaks', async () => {
    await expect400('/v1/instance-sets', instanceSetBody({ description: 'x'.repeat(101) }), /^description: the description must be at most 100 characters$/)
    await expect400('/v1/instance-sets', instanceSetBody({ description: 'cache 🚀' }), /^description: the description must not contain emoji$/)
    await expect400('/v1/instance-sets', instanceSetBody({ description: 'line\nbreak' }), /^description: the description must not contain line breaks$/)
    await expect400('/v1/clusters', clusterBody({ description: 'line\rbreak' }), /^description: the description must not contain line breaks$/)
    expect((await post('/v1/instance-sets', instanceSetBody({ description: 'x'.repeat(100) }))).status).toBe(201)
  })

  it('reference §4: replicas is the total node count; its placement must list replicas - 1 replica subnets', async () => {
    await expect400('/v1/instance-sets', instanceSetBody({ replicas: 3 }), 'subnetAssignments[0].replicas must list replicas - 1 (2) subnets')
    await expect400('/v1/instance-sets', instanceSetBody({ replicas: 0 }), /^replicas:/)
    await expect400('/v1/instance-sets', instanceSetBody({ subnetAssignments: [instanceSetBody().subnetAssignments[0], instanceSetBody().subnetAssignments[0]] }), 'subnetAssignments must have exactly one entry for an instance set')
    const single = instanceSetBody({ instanceSetName: 'single-node', replicas: 1, subnetAssignments: [{ primary: { id: SUBNET_A }, replicas: [] }] })
    const id = await create(h, 'instance-sets', single)
    expect((await getCluster(h, id)).body.totalNodeCount).toBe(1)
    // High availability needs a replica [INF].
    await expect400('/v1/instance-sets', { ...single, instanceSetName: 'single-ha', recoveryEnabled: true }, 'recoveryEnabled requires at least 2 replicas (a primary and a replica)')
  })

  it('reference §4: backupSchedule takes a 5-field cron only', async () => {
    for (const cron of ['0 1 * * * *', '* * *', '61 1 * * *', 'a b c d e', '5-1 * * * *']) {
      await expect400('/v1/instance-sets', instanceSetBody({ backupSchedule: { cron, retentionLimit: 7 } }), /^backupSchedule.cron: backupSchedule.cron must be a 5-field cron expression$/)
    }
    await expect400('/v1/instance-sets', instanceSetBody({ backupSchedule: { cron: '0 1 * * *', retentionLimit: 0 } }), /^backupSchedule.retentionLimit:/)
    await expect400('/v1/clusters', clusterBody({ backupSchedule: { cron: 'every day', retentionLimit: 7 } }), /backupSchedule.cron/)
    for (const [i, cron] of ['*/15 0-6 1,15 * 0', '30 2 * 1-12/2 7'].entries()) {
      expect((await post('/v1/instance-sets', instanceSetBody({ instanceSetName: `cron-ok-${i}`, backupSchedule: { cron, retentionLimit: 35 } }))).status).toBe(201)
    }
  })

  it('required fields, wrong types, nulls for required fields and a non-object body are 400', async () => {
    for (const field of ['name', 'version', 'port', 'shardCount', 'nodeCountPerShard', 'flavorId', 'parameterGroupId', 'subnets', 'subnetAssignments', 'securityGroups']) {
      const body = clusterBody()
      delete body[field]
      await expect400('/v1/clusters', body, new RegExp(`^${field}:`))
      await expect400('/v1/clusters', clusterBody({ [field]: null }), new RegExp(`^${field}:`))
    }
    for (const field of ['instanceSetName', 'replicas', 'recoveryEnabled']) {
      const body = instanceSetBody()
      delete body[field]
      await expect400('/v1/instance-sets', body, new RegExp(`^${field}:`))
    }
    await expect400('/v1/clusters', clusterBody({ shardCount: '2' }), /^shardCount:/)
    await expect400('/v1/instance-sets', instanceSetBody({ recoveryEnabled: 'yes' }), /^recoveryEnabled:/)
    await expect400('/v1/clusters', clusterBody({ user: { name: 'u' } }), /^user.password:/)
    await expect400('/v1/clusters', clusterBody({ tlsEnabled: 'true' }), /^tlsEnabled:/)
    await expect400('/v1/clusters', [clusterBody()], /./)
    const malformed = await h.request('kakaocloud').post('/v1/clusters').set('X-Auth-Token', READY_TOKEN).set('Content-Type', 'application/json').send('{"name":')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toEqual({ error: { code: 'BadRequest', message: 'the request body is not valid JSON' } })
    expect((await h.request('kakaocloud').get('/v1/clusters').set('X-Auth-Token', READY_TOKEN)).body).toEqual({ clusters: [] })
  })

  it('unknown fields are ignored, as a Go JSON decoder does [INF]; they never reach the cluster object', async () => {
    const id = await create(h, 'clusters', clusterBody({ surprise: true, subnets: [{ id: SUBNET_A, extra: 1 }, { id: SUBNET_B }] }))
    const body = (await getCluster(h, id)).body
    expect(body).not.toHaveProperty('surprise')
    expect(body.subnets).toEqual([{ id: SUBNET_A }, { id: SUBNET_B }])
  })

  it('a second cluster or instance set with the same name in a project is 409 [INF]', async () => {
    await create(h, 'clusters', clusterBody())
    const res = await post('/v1/instance-sets', instanceSetBody({ instanceSetName: 'test-cluster' }))
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ error: { code: 'Conflict', message: 'a cluster named test-cluster already exists' } })
  })

  it('a huge body is 413 in the MemStore envelope and creates nothing', async () => {
    const res = await post('/v1/clusters', clusterBody({ description: 'x'.repeat(2 * 1024 * 1024) }))
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ error: { code: 'RequestEntityTooLarge', message: 'the request body is too large' } })
    expect((await h.request('kakaocloud').get('/v1/clusters').set('X-Auth-Token', READY_TOKEN)).body).toEqual({ clusters: [] })
  })
})
