// Keystone's token policy on GET/HEAD/DELETE /identity/v3/auth/tokens (issue 22 item 1): only the token's own subject
// (same user id) or a Keystone admin (validation: also a service user) may read or revoke a token.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURES_DIR } from '../../../src/emulator.js'
import { createHarness, tempDir, type Harness } from '../../helpers/harness.js'
import { ADMIN_KEY, issueToken, NO_ROLE_KEY, READER_KEY, READY_TOKEN, SECOND_PROJECT_KEY } from '../../helpers/kakaocloud.js'

const TOKENS = '/identity/v3/auth/tokens'

function forbidden(action: string) {
  return { error: { code: 403, message: `You are not authorized to perform the requested action: ${action}.`, title: 'Forbidden' } }
}

async function validate(h: Harness, caller: string, subject: string) {
  return h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', caller).set('X-Subject-Token', subject)
}
async function check(h: Harness, caller: string, subject: string) {
  return h.request('kakaocloud').head(TOKENS).set('X-Auth-Token', caller).set('X-Subject-Token', subject)
}
async function revoke(h: Harness, caller: string, subject: string) {
  return h.request('kakaocloud').delete(TOKENS).set('X-Auth-Token', caller).set('X-Subject-Token', subject)
}

/** Every call another user's token is refused: 403 in Keystone's envelope, and the subject token keeps working. */
async function expectRefused(h: Harness, caller: string, subject: string) {
  const get = await validate(h, caller, subject)
  expect(get.status).toBe(403)
  expect(get.body).toEqual(forbidden('identity:validate_token'))
  expect(get.headers['x-subject-token']).toBeUndefined()
  const head = await check(h, caller, subject)
  expect(head.status).toBe(403)
  expect(head.headers['x-subject-token']).toBeUndefined()
  const del = await revoke(h, caller, subject)
  expect(del.status).toBe(403)
  expect(del.body).toEqual(forbidden('identity:revoke_token'))
  await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', subject).expect(200)
}

describe('kakaocloud IAM: Keystone token policy (rule:service_admin_or_token_subject / admin_or_token_subject)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('Keystone token_subject: every credential, whatever its role, may validate, check and revoke its own token', async () => {
    for (const key of [ADMIN_KEY, READER_KEY, NO_ROLE_KEY, SECOND_PROJECT_KEY]) {
      const token = await issueToken(h, key)
      const get = await validate(h, token, token)
      expect(get.status).toBe(200)
      expect(get.body.token.user.id).toBe(key.userId)
      expect((await check(h, token, token)).status).toBe(200)
      expect((await revoke(h, token, token)).status).toBe(204)
      await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', token).expect(401)
    }
  })

  it('a reader token and a token without a role get 403 on another user\'s token (GET, HEAD and DELETE)', async () => {
    const developer = await issueToken(h, ADMIN_KEY)
    for (const key of [READER_KEY, NO_ROLE_KEY]) await expectRefused(h, await issueToken(h, key), developer)
    // the ready-made token belongs to the developer too
    await expectRefused(h, await issueToken(h, READER_KEY), READY_TOKEN)
  })

  it('another user\'s token in another project is refused as well', async () => {
    const otherProject = await issueToken(h, SECOND_PROJECT_KEY)
    await expectRefused(h, await issueToken(h, READER_KEY), otherProject)
  })

  it('project_admin is a KakaoCloud project role, not Keystone\'s admin: 403 on another user\'s token of its own project (inferred: no customer key is a cloud admin)', async () => {
    const reader = await issueToken(h, READER_KEY)
    await expectRefused(h, await issueToken(h, ADMIN_KEY), reader)
    await expectRefused(h, READY_TOKEN, reader)
  })

  it('Keystone token_subject compares user ids, not projects: the same user\'s token of another project is allowed (inferred from the Keystone default rule)', async () => {
    const projectOne = await issueToken(h, ADMIN_KEY)
    const projectTwo = await issueToken(h, SECOND_PROJECT_KEY)
    expect((await validate(h, projectTwo, projectOne)).status).toBe(200)
    expect((await check(h, projectTwo, projectOne)).status).toBe(200)
    expect((await revoke(h, projectTwo, projectOne)).status).toBe(204)
    await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', projectOne).expect(401)
  })

  it('Keystone\'s enforcer validates the subject first: an unknown subject token is 404 even for a reader', async () => {
    const res = await validate(h, await issueToken(h, NO_ROLE_KEY), 'gAAAAABunknown')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 404, message: 'Could not find token: gAAAAABunknown.', title: 'Not Found' } })
  })
})

describe('kakaocloud IAM: a credential given Keystone\'s admin or service role (not in the shipped fixtures)', () => {
  const ADMIN = { id: 'a0a0a0a0a0a04a0a8a0a0a0a0a0a0a01', name: 'cloud-admin-key', secret: 'cloud-admin-secret', userId: 'a0a0a0a0a0a04a0a8a0a0a0a0a0a0a02', projectId: ADMIN_KEY.projectId, roles: ['admin'] }
  const SERVICE = { id: 'b0b0b0b0b0b04b0b8b0b0b0b0b0b0b01', name: 'service-key', secret: 'service-secret', userId: 'b0b0b0b0b0b04b0b8b0b0b0b0b0b0b02', projectId: ADMIN_KEY.projectId, roles: ['service'] }
  let h: Harness
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    const temp = await tempDir('rce-kc-policy-')
    cleanup = temp.cleanup
    cpSync(FIXTURES_DIR, temp.dir, { recursive: true })
    const file = join(temp.dir, 'kakaocloud', 'credentials.json')
    const credentials = JSON.parse(readFileSync(file, 'utf-8'))
    credentials.applicationCredentials.push(ADMIN, SERVICE)
    credentials.users.push({ id: ADMIN.userId, name: 'operator@example.com' }, { id: SERVICE.userId, name: 'service@example.com' })
    credentials.roles.push({ id: 'c0c0c0c0c0c04c0c8c0c0c0c0c0c0c01', name: 'admin' }, { id: 'c0c0c0c0c0c04c0c8c0c0c0c0c0c0c02', name: 'service' })
    writeFileSync(file, JSON.stringify(credentials))
    h = await createHarness({}, { fixturesDir: temp.dir })
  })
  afterEach(async () => {
    await cleanup()
  })

  it('Keystone admin_required ("role:admin"): validates, checks and revokes another user\'s token', async () => {
    const admin = await issueToken(h, ADMIN)
    const reader = await issueToken(h, READER_KEY)
    const get = await validate(h, admin, reader)
    expect(get.status).toBe(200)
    expect(get.body.token.user.id).toBe(READER_KEY.userId)
    expect((await check(h, admin, reader)).status).toBe(200)
    expect((await revoke(h, admin, reader)).status).toBe(204)
    await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', reader).expect(401)
  })

  it('Keystone service_role: may validate (GET) another user\'s token, but not check (HEAD) or revoke it', async () => {
    const service = await issueToken(h, SERVICE)
    const reader = await issueToken(h, READER_KEY)
    expect((await validate(h, service, reader)).status).toBe(200)
    expect((await check(h, service, reader)).status).toBe(403)
    const del = await revoke(h, service, reader)
    expect(del.status).toBe(403)
    expect(del.body).toEqual(forbidden('identity:revoke_token'))
    await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', reader).expect(200)
  })
})
