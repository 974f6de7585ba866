// KakaoCloud IAM on the emulator port (reference §1): Keystone application-credential tokens, validation, expiry, errors.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, HARNESS_EPOCH, type Harness } from '../../helpers/harness.js'
import { ADMIN_KEY, credentials, issueToken, NO_ROLE_KEY, PROJECT_ID, READY_TOKEN, tokenRequest } from '../../helpers/kakaocloud.js'

const TOKENS = '/identity/v3/auth/tokens'
const TWELVE_HOURS = 12 * 60 * 60 * 1000
const unauthorized = { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } }

describe('kakaocloud IAM tokens', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('reference §1: POST issues 201, the token in X-Subject-Token and a Keystone token body expiring in 12 h', async () => {
    const res = await h.request('kakaocloud').post(TOKENS).send(tokenRequest(ADMIN_KEY))
    expect(res.status).toBe(201)
    expect(res.headers['x-subject-token']).toMatch(/^gAAAAAB[A-Za-z0-9_-]{100,}$/)
    const admin = credentials.roles.find((r: any) => r.name === 'project_admin')
    const domain = credentials.projects[0].domain
    expect(res.body).toEqual({
      token: {
        methods: ['application_credential'],
        user: { domain, id: ADMIN_KEY.userId, name: 'developer@example.com', password_expires_at: null },
        audit_ids: [expect.any(String)],
        expires_at: '2026-01-15T22:00:00.000000Z',
        issued_at: '2026-01-15T10:00:00.000000Z',
        project: { domain, id: PROJECT_ID, name: 'emulator-project' },
        is_domain: false,
        roles: [admin],
        catalog: [
          expect.objectContaining({ type: 'identity', endpoints: [expect.objectContaining({ interface: 'public', region: 'kr-central-2', url: expect.stringMatching(/\/identity\/v3$/) })] }),
          expect.objectContaining({ type: 'redis', endpoints: [expect.objectContaining({ interface: 'public', region: 'kr-central-2' })] }),
        ],
        application_credential: { id: ADMIN_KEY.id, name: ADMIN_KEY.name, restricted: true },
      },
    })
    // The terraform provider parses expires_at as RFC3339 (reference §1).
    expect(Date.parse(res.body.token.expires_at) - HARNESS_EPOCH).toBe(TWELVE_HOURS)
  })

  it('reference §1 method 2: the access key name, the secret and the user id also issue a token', async () => {
    const body = { auth: { identity: { methods: ['application_credential'], application_credential: { name: ADMIN_KEY.name, secret: ADMIN_KEY.secret, user: { id: ADMIN_KEY.userId } } } } }
    const res = await h.request('kakaocloud').post(TOKENS).send(body).expect(201)
    expect(res.body.token.project.id).toBe(PROJECT_ID)
  })

  it('a wrong secret, an unknown id or a wrong user for a name is 401 in the Keystone shape', async () => {
    const wrongSecret = tokenRequest({ id: ADMIN_KEY.id, secret: 'nope' })
    const unknownId = tokenRequest({ id: 'no-such-key', secret: ADMIN_KEY.secret })
    const wrongUser = { auth: { identity: { methods: ['application_credential'], application_credential: { name: ADMIN_KEY.name, secret: ADMIN_KEY.secret, user: { id: 'someone-else' } } } } }
    for (const body of [wrongSecret, unknownId, wrongUser]) {
      const res = await h.request('kakaocloud').post(TOKENS).send(body)
      expect(res.status).toBe(401)
      expect(res.body).toEqual(unauthorized)
      expect(res.headers['x-subject-token']).toBeUndefined()
    }
  })

  it('Keystone: an unsupported method is 401; a malformed or incomplete body is 400, all in the Keystone shape', async () => {
    const password = { auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p' } } } } }
    let res = await h.request('kakaocloud').post(TOKENS).send(password)
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code: 401, message: 'Attempted to authenticate with an unsupported method.', title: 'Unauthorized' } })

    res = await h.request('kakaocloud').post(TOKENS).set('Content-Type', 'application/json').send('{"auth":')
    expect(res.status).toBe(400)
    // issue 22: Keystone's ValidationError wording for a body that is not JSON
    expect(res.body).toEqual({ error: { code: 400, message: 'Expecting to find valid JSON object in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.', title: 'Bad Request' } })

    for (const body of [
      {},
      { auth: { identity: { methods: 'application_credential' } } },
      { auth: { identity: { methods: ['application_credential'], application_credential: { id: ADMIN_KEY.id } } } },
      { auth: { identity: { methods: ['application_credential'], application_credential: { secret: 'x' } } } },
      { auth: { identity: { methods: ['application_credential'] } } },
      { auth: null },
    ]) {
      res = await h.request('kakaocloud').post(TOKENS).send(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body).toEqual({ error: { code: 400, message: expect.any(String), title: 'Bad Request' } })
    }
  })

  it('a huge body is 413 in the Keystone shape', async () => {
    const res = await h.request('kakaocloud').post(TOKENS).set('Content-Type', 'application/json').send(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }))
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ error: { code: 413, message: 'the request body is too large', title: 'Request Entity Too Large' } })
  })

  it('reference §1: GET validates a token (200 with the same body); HEAD answers 200 without a body', async () => {
    const token = await issueToken(h, ADMIN_KEY)
    const res = await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', token)
    expect(res.status).toBe(200)
    expect(res.headers['x-subject-token']).toBe(token)
    expect(res.body.token.expires_at).toBe('2026-01-15T22:00:00.000000Z')
    const head = await h.request('kakaocloud').head(TOKENS).set('X-Auth-Token', token).set('X-Subject-Token', token)
    expect(head.status).toBe(200)
    expect(head.text ?? '').toBe('')
  })

  it('Keystone validation: a bad X-Auth-Token is 401, an unknown X-Subject-Token is 404, a missing one 400', async () => {
    let res = await h.request('kakaocloud').get(TOKENS).set('X-Subject-Token', READY_TOKEN)
    expect(res.status).toBe(401)
    expect(res.body).toEqual(unauthorized)
    res = await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', 'gAAAAABbogus').set('X-Subject-Token', READY_TOKEN)
    expect(res.status).toBe(401)
    res = await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', 'gAAAAABbogus')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 404, message: 'Could not find token: gAAAAABbogus.', title: 'Not Found' } })
    res = await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', READY_TOKEN)
    expect(res.status).toBe(400)
    expect(res.body.error).toEqual({ code: 400, message: 'Expecting to find X-Subject-Token in header.', title: 'Bad Request' })
  })

  it('reference §1: a token expires after 12 h on the emulator clock: 404 on validation, 401 on MemStore routes', async () => {
    const token = await issueToken(h, ADMIN_KEY)
    h.clock.advance(TWELVE_HOURS - 1)
    await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', token).expect(200)
    await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', token).expect(200)
    h.clock.advance(1)
    const res = await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', token)
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code: 'Unauthorized', message: 'the token is invalid or has expired' } })
    await h.request('kakaocloud').get(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', token).expect(404)
    // The ready-made token is long-lived (fixtures/kakaocloud/credentials.json).
    await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', READY_TOKEN).expect(200)
  })

  it('reference §1 "may be revoked earlier": DELETE revokes (204), the token then gets 401', async () => {
    const token = await issueToken(h, ADMIN_KEY)
    await h.request('kakaocloud').delete(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', token).expect(204)
    await h.request('kakaocloud').get('/v1/redis/flavors').set('X-Auth-Token', token).expect(401)
    await h.request('kakaocloud').delete(TOKENS).set('X-Auth-Token', READY_TOKEN).set('X-Subject-Token', token).expect(404)
  })

  it('other methods on the tokens path are 405 in the Keystone shape', async () => {
    const res = await h.request('kakaocloud').put(TOKENS).send({})
    expect(res.status).toBe(405)
    expect(res.body).toEqual({ error: { code: 405, message: 'the method PUT is not allowed for the requested URL', title: 'Method Not Allowed' } })
  })

  it('a credential without a role gets a token but 403 on MemStore routes', async () => {
    const token = await issueToken(h, NO_ROLE_KEY)
    const res = await h.request('kakaocloud').get('/v1/redis/versions').set('X-Auth-Token', token)
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ error: { code: 'Forbidden', message: 'the user does not have the required permissions' } })
  })
})
