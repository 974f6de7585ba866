// Cluster certificates (reference §5.3) and OCSP (reference §8): what an upload changes, and what is refused.
import { beforeEach, describe, expect, it } from 'vitest'
import { capture, createReHarness, expectError, type ReHarness } from '../../../helpers/redis-enterprise.js'
import { CERTS } from './helpers.js'

let h: ReHarness
beforeEach(async () => {
  h = await createReHarness()
})

const REQUIRED = ['api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer']

describe('GET /v1/cluster/certificates', () => {
  it('a <name>_cert and <name>_key for every required certificate; proxy and syncer are the ones GET /v1/cluster shows', async () => {
    const res = await h.as('db_viewer').get('/v1/cluster/certificates')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toEqual(REQUIRED.flatMap((n) => [`${n}_cert`, `${n}_key`]))
    for (const value of Object.values(res.body)) expect(value).toMatch(/^-----BEGIN /)
    expect(res.body.proxy_cert).toBe(capture('cluster').proxy_certificate)
    expect(res.body.syncer_cert).toBe(capture('cluster').syncer_certificate)
  })
})

describe('PUT /v1/cluster/certificates', () => {
  it('replaces the named certificates: GET /v1/cluster/certificates and GET /v1/cluster read them back', async () => {
    const res = await h.as('admin').put('/v1/cluster/certificates', {
      certificates: [
        { name: 'proxy', ...CERTS.ocsp },
        { name: 'api', ...CERTS.plain },
        { name: 'mtls_trusted_ca', certificate: CERTS.plain.certificate },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    const certs = (await h.as('admin').get('/v1/cluster/certificates')).body
    expect(certs).toMatchObject({ proxy_cert: CERTS.ocsp.certificate, proxy_key: CERTS.ocsp.key, api_cert: CERTS.plain.certificate, mtls_trusted_ca_cert: CERTS.plain.certificate })
    expect(certs).not.toHaveProperty('mtls_trusted_ca_key')
    const cluster = (await h.as('admin').get('/v1/cluster')).body
    expect(cluster.proxy_certificate).toBe(CERTS.ocsp.certificate)
    expect(cluster.syncer_certificate).toBe(capture('cluster').syncer_certificate)
  })
  it('validates every certificate before replacing any (D:requests/cluster/certificates)', async () => {
    const before = (await h.as('admin').get('/v1/cluster/certificates')).body
    const cases: [unknown[], number, string][] = [
      [[{ name: 'api', ...CERTS.plain }, { name: 'frontend', ...CERTS.plain }], 403, 'unknown_certificate'],
      [[{ name: 'api', ...CERTS.plain }, { name: 'proxy', certificate: 'not a pem', key: CERTS.plain.key }], 400, 'invalid_certificate'],
      [[{ name: 'api', certificate: CERTS.plain.certificate, key: CERTS.ocsp.key }], 400, 'invalid_certificate'],
      [[{ name: 'api', certificate: CERTS.plain.certificate }], 400, 'invalid_certificate'],
      [[{ name: 'api', certificate: CERTS.plain.certificate, key: 'not a key' }], 400, 'invalid_certificate'],
    ]
    for (const [certificates, status, code] of cases) expectError(await h.as('admin').put('/v1/cluster/certificates', { certificates }), status, code)
    expect((await h.as('admin').get('/v1/cluster/certificates')).body).toEqual(before)
  })
  it('406 certificate_expired once the emulator clock is past the certificate\'s end', async () => {
    const body = { certificates: [{ name: 'api', ...CERTS.shortLived }] }
    h.clock.set(Date.parse('2026-12-01T00:00:00Z'))
    expectError(await h.as('admin').put('/v1/cluster/certificates', body), 406, 'certificate_expired')
    h.clock.set(Date.parse('2026-11-30T00:00:00Z'))
    expect((await h.as('admin').put('/v1/cluster/certificates', body)).status).toBe(200)
  })
  it('a body that is not {"certificates": [...]} is a 400 (OAS: additionalProperties false)', async () => {
    for (const body of [{}, { certificates: [] }, { certificates: [{ name: 'api', ...CERTS.plain }], force: true }, { certificates: [{ name: 'api', ...CERTS.plain, extra: 1 }] }]) {
      expectError(await h.as('admin').put('/v1/cluster/certificates', body), 400, 'bad_request')
    }
  })
})

describe('PUT /v1/cluster/update_cert (deprecated) and DELETE /v1/cluster/certificates/{name}', () => {
  it('update_cert replaces one certificate, with the same checks', async () => {
    expect((await h.as('admin').put('/v1/cluster/update_cert', { name: 'syncer', ...CERTS.plain })).status).toBe(200)
    expect((await h.as('admin').get('/v1/cluster')).body.syncer_certificate).toBe(CERTS.plain.certificate)
    expectError(await h.as('admin').put('/v1/cluster/update_cert', { name: 'certificate1', ...CERTS.plain }), 403, 'unknown_certificate')
    expectError(await h.as('admin').put('/v1/cluster/update_cert', { name: 'api', certificate: 'x', key: 'y' }), 400, 'invalid_certificate')
    expectError(await h.as('admin').put('/v1/cluster/update_cert', { certificates: [] }), 400, 'bad_request')
  })
  it('only optional certificates can be deleted: 403 for a required one, 404 for an unknown or absent one', async () => {
    await h.as('admin').put('/v1/cluster/certificates', { certificates: [{ name: 'ldap_client', ...CERTS.plain }] })
    expect((await h.as('admin').get('/v1/cluster/certificates')).body).toHaveProperty('ldap_client_cert')
    expect((await h.as('admin').delete('/v1/cluster/certificates/ldap_client')).status).toBe(200)
    expect((await h.as('admin').get('/v1/cluster/certificates')).body).not.toHaveProperty('ldap_client_cert')
    expectError(await h.as('admin').delete('/v1/cluster/certificates/ldap_client'), 404, 'certificate_not_exist')
    expectError(await h.as('admin').delete('/v1/cluster/certificates/frontend'), 404, 'certificate_not_exist')
    expectError(await h.as('admin').delete('/v1/cluster/certificates/proxy'), 403, 'required_certificate')
  })
})

describe('OCSP', () => {
  it('GET /v1/ocsp: the captured configuration of a fresh cluster', async () => {
    expect((await h.as('admin').get('/v1/ocsp')).body).toEqual(capture('ocsp'))
  })
  it('enabling needs a responder URL in the proxy certificate (406 no_responder_url); status and test too', async () => {
    expectError(await h.as('admin').put('/v1/ocsp', { ocsp_functionality: true }), 406, 'no_responder_url')
    expectError(await h.as('admin').get('/v1/ocsp/status'), 406, 'no_responder_url')
    expectError(await h.as('admin').post('/v1/ocsp/test', {}), 406, 'no_responder_url')
    expect((await h.as('admin').get('/v1/ocsp')).body.ocsp_functionality).toBe(false)
  })
  it('with a proxy certificate naming a responder: responder_url, enable, status UNKNOWN until a query, then GOOD', async () => {
    await h.as('admin').put('/v1/cluster/certificates', { certificates: [{ name: 'proxy', ...CERTS.ocsp }] })
    expect((await h.as('admin').get('/v1/ocsp')).body.responder_url).toBe('http://ocsp.test-cluster.local/')
    const put = await h.as('admin').put('/v1/ocsp', { ocsp_functionality: true, query_frequency: 7200, response_timeout: 5 })
    expect(put.status).toBe(200)
    expect(put.body).toEqual({ ...capture('ocsp'), ocsp_functionality: true, query_frequency: 7200, response_timeout: 5, responder_url: 'http://ocsp.test-cluster.local/' })
    expect((await h.as('admin').get('/v1/ocsp')).body).toEqual(put.body)
    expect((await h.as('admin').get('/v1/ocsp/status')).body).toEqual({ cert_status: 'UNKNOWN', next_update: '', produced_at: '', responder_url: 'http://ocsp.test-cluster.local/', revocation_time: '', this_update: '' })
    const test = await h.as('admin').post('/v1/ocsp/test', {})
    expect(test.body).toEqual({
      cert_status: 'GOOD',
      next_update: 'Thu, 15 Jan 2026 12:00:00 GMT',
      produced_at: 'Thu, 15 Jan 2026 10:00:00 GMT',
      responder_url: 'http://ocsp.test-cluster.local/',
      revocation_time: '',
      this_update: 'Thu, 15 Jan 2026 10:00:00 GMT',
    })
    expect((await h.as('admin').get('/v1/ocsp/status')).body).toEqual(test.body)
  })
  it('PUT /v1/ocsp: ranges, unknown keys and the read-only responder_url are 400 invalid_schema', async () => {
    const bad = [{ query_frequency: 59 }, { query_frequency: 86401 }, { recovery_frequency: 30 }, { recovery_max_tries: 0 }, { recovery_max_tries: 101 }, { response_timeout: 61 }, { ocsp_functionality: 'yes' }, { enabled: true }, { responder_url: 'http://elsewhere/' }]
    for (const body of bad) expectError(await h.as('admin').put('/v1/ocsp', body), 400, 'invalid_schema')
    expect((await h.as('admin').get('/v1/ocsp')).body).toEqual(capture('ocsp'))
  })
})
