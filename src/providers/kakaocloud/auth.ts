// KakaoCloud IAM on the emulator's port: Keystone application-credential tokens (reference §1), their validation,
// and the X-Auth-Token check every MemStore route runs first (401 missing/unknown/expired, 403 without a role).
import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { ProviderError } from '../../core/errors.js'
import { requestNow, type ProviderContext } from '../../core/provider.js'
import { uuid } from '../../core/ids.js'
import { kcError } from './errors.js'
import { keystoneTime, loadCredentials, REGION, type ApplicationCredential, type Credentials, type KakaocloudSlice, type TokenRecord } from './model.js'
import type { TokenRequestBody } from './schemas.js'

const ID = 'kakaocloud'

// reference §1 [DOC]: "By default a token lasts 12 hours".
export const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

/** Who is calling a MemStore route: set by requireToken, read by the routes. */
export interface Caller {
  projectId: string
  userName: string
}

const KEYSTONE_UNAUTHORIZED = 'The request you have made requires authentication.'

function keystoneError(status: number, message: string): ProviderError {
  // Rendered in Keystone's shape by errors.ts because the path is under /identity/.
  return new ProviderError(status, String(status), message)
}

function newTokenId(): string {
  // Keystone fernet tokens start with gAAAAA and are url-safe base64.
  return `gAAAAAB${randomBytes(135).toString('base64url')}`
}

function findCredential(credentials: Credentials, request: NonNullable<TokenRequestBody['auth']['identity']['application_credential']>): ApplicationCredential | undefined {
  if (request.id) return credentials.applicationCredentials.find((c) => c.id === request.id)
  // Method 2 (reference §1): the access key name, which is unique per user.
  if (request.name && request.user) return credentials.applicationCredentials.find((c) => c.name === request.name && c.userId === request.user?.id)
  return undefined
}

function activeToken(slice: KakaocloudSlice, tokenId: string | undefined, now: number): TokenRecord | undefined {
  if (!tokenId) return undefined
  const token = Object.hasOwn(slice.tokens, tokenId) ? slice.tokens[tokenId] : undefined
  return token && token.expiresAt > now ? token : undefined
}

/** The Keystone token body (reference §1 [SDK model_token.go]). */
export function tokenBody(ctx: ProviderContext, token: TokenRecord, baseUrl: string): Record<string, unknown> {
  const credentials = loadCredentials(ctx.fixturesDir)
  const credential = credentials.applicationCredentials.find((c) => c.id === token.applicationCredentialId)
  const project = credentials.projects.find((p) => p.id === token.projectId)
  const user = credentials.users.find((u) => u.id === token.userId)
  const roles = credentials.roles.filter((r) => credential?.roles.includes(r.name))
  return {
    token: {
      methods: ['application_credential'],
      user: { domain: project?.domain ?? null, id: token.userId, name: user?.name ?? '', password_expires_at: null },
      audit_ids: [token.auditId],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
      project: { domain: project?.domain ?? null, id: token.projectId, name: project?.name ?? '' },
      is_domain: false,
      roles,
      catalog: [
        { endpoints: [{ id: 'b0f6c1a4e0d34b3c9a1f6c2d7e8f9a01', interface: 'public', region_id: REGION, region: REGION, url: `${baseUrl}/identity/v3` }], id: 'c3a9d7f1b2e44e7f8a6b5c4d3e2f1a02', type: 'identity', name: 'keystone' },
        { endpoints: [{ id: 'd4b8e6a2c1f54f6e9b7a8c9d0e1f2a03', interface: 'public', region_id: REGION, region: REGION, url: baseUrl }], id: 'e5c7f5b3d2a64a5d8c6b7a8b9c0d1a04', type: 'redis', name: 'redis' },
      ],
      application_credential: { id: credential?.id ?? token.applicationCredentialId, name: credential?.name ?? '', restricted: true },
    },
  }
}

export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`
}

/** POST /identity/v3/auth/tokens: 201 with X-Subject-Token, or Keystone's 401. */
export async function issueToken(ctx: ProviderContext, body: TokenRequestBody, now: number): Promise<{ tokenId: string; token: TokenRecord }> {
  const identity = body.auth.identity
  // Keystone answers an unsupported method with 401 (AuthMethodNotSupported).
  if (!identity.methods.includes('application_credential')) throw keystoneError(401, 'Attempted to authenticate with an unsupported method.')
  const request = identity.application_credential
  if (!request) throw keystoneError(400, "Invalid input for field 'identity': 'application_credential' is a required property")
  if (!request.id && !(request.name && request.user)) {
    throw keystoneError(400, 'Could not find application credential: give either its id, or its name and the user id.')
  }
  const credential = findCredential(loadCredentials(ctx.fixturesDir), request)
  if (!credential || credential.secret !== request.secret) throw keystoneError(401, KEYSTONE_UNAUTHORIZED)
  const tokenId = newTokenId()
  const token: TokenRecord = {
    applicationCredentialId: credential.id,
    projectId: credential.projectId,
    userId: credential.userId,
    auditId: uuid().replace(/-/g, '').slice(0, 22),
    issuedAt: now,
    expiresAt: now + TOKEN_LIFETIME_MS,
  }
  await ctx.store.mutate<KakaocloudSlice>(ID, (draft) => {
    // Forget tokens that can no longer be used, so the slice does not grow without bound.
    for (const [id, old] of Object.entries(draft.tokens)) if (old.expiresAt <= now) delete draft.tokens[id]
    draft.tokens[tokenId] = token
  })
  return { tokenId, token }
}

/** The Keystone policy actions of the three subject-token calls (keystone/common/policies/token.py). */
export type TokenAction = 'identity:validate_token' | 'identity:check_token' | 'identity:revoke_token'

/**
 * Keystone's default rules: admin_required is "role:admin or is_admin:1", service_role is "role:service",
 * token_subject is "user_id:%(target.token.user_id)s". Validation (GET) is "rule:service_or_admin or
 * rule:token_subject"; check (HEAD) and revocation (DELETE) are "rule:admin_or_token_subject". KakaoCloud's own
 * project roles (project_admin, member, reader) are not Keystone's cloud-wide `admin`, so a customer's key reaches
 * another user's token only if its credential was given `admin` (or `service` for validation).
 */
function allowedOnSubject(action: TokenAction, callerRoles: string[], callerUserId: string, subject: TokenRecord): boolean {
  if (callerUserId === subject.userId) return true
  if (callerRoles.includes('admin')) return true
  return action === 'identity:validate_token' && callerRoles.includes('service')
}

/**
 * GET/HEAD/DELETE /identity/v3/auth/tokens: Keystone needs a valid X-Auth-Token, looks up X-Subject-Token (its
 * enforcer validates the subject first, so an unknown one is 404 for anyone) and then applies the action's policy.
 */
export function subjectToken(ctx: ProviderContext, req: Request, now: number, action: TokenAction): { tokenId: string; token: TokenRecord } {
  const slice = ctx.store.read<KakaocloudSlice>(ID)
  const caller = activeToken(slice, req.get('x-auth-token'), now)
  if (!caller) throw keystoneError(401, KEYSTONE_UNAUTHORIZED)
  const tokenId = req.get('x-subject-token')
  if (!tokenId) throw keystoneError(400, "Expecting to find X-Subject-Token in header.")
  const token = activeToken(slice, tokenId, now)
  // Keystone: an unknown, expired or revoked subject token is TokenNotFound (404).
  if (!token) throw keystoneError(404, `Could not find token: ${tokenId}.`)
  const callerRoles = credentialRoles(loadCredentials(ctx.fixturesDir), caller)
  // Keystone's ForbiddenAction wording.
  if (!allowedOnSubject(action, callerRoles, caller.userId, token)) throw keystoneError(403, `You are not authorized to perform the requested action: ${action}.`)
  return { tokenId, token }
}

function credentialRoles(credentials: Credentials, token: TokenRecord): string[] {
  return credentials.applicationCredentials.find((c) => c.id === token.applicationCredentialId)?.roles ?? []
}

export async function revokeToken(ctx: ProviderContext, tokenId: string): Promise<void> {
  await ctx.store.mutate<KakaocloudSlice>(ID, (draft) => {
    delete draft.tokens[tokenId]
  })
}

const WRITE_ROLES = ['project_admin', 'member']
const READ_ROLES = [...WRITE_ROLES, 'reader']

/** Every MemStore route: X-Auth-Token must name a live token (401), whose role allows the call (403). */
export function requireToken(ctx: ProviderContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const now = requestNow(res)
    const given = req.get('x-auth-token')
    if (!given) return next(kcError('Unauthorized', 'the X-Auth-Token header is required'))
    const token = activeToken(ctx.store.read<KakaocloudSlice>(ID), given, now)
    if (!token) return next(kcError('Unauthorized', 'the token is invalid or has expired'))
    const credentials = loadCredentials(ctx.fixturesDir)
    const roles = credentialRoles(credentials, token)
    const readOnly = req.method === 'GET' || req.method === 'HEAD'
    const allowed = roles.some((role) => (readOnly ? READ_ROLES : WRITE_ROLES).includes(role))
    if (!allowed) return next(kcError('Forbidden', 'the user does not have the required permissions'))
    const caller: Caller = {
      projectId: token.projectId,
      userName: credentials.users.find((u) => u.id === token.userId)?.name ?? token.userId,
    }
    res.locals.caller = caller
    next()
  }
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller
}

/**
 * The project a request claims, without verifying it (for the control plane's per-account tooling): the project of
 * the X-Auth-Token, or of the application credential in a token request.
 */
export function accountOf(req: Request, ctx: ProviderContext): string | undefined {
  const tokenId = req.get('x-auth-token')
  const tokens = ctx.store.read<KakaocloudSlice>(ID).tokens
  if (tokenId && Object.hasOwn(tokens, tokenId)) return tokens[tokenId].projectId
  const credentialId = (req.body as TokenRequestBody | undefined)?.auth?.identity?.application_credential?.id
  return loadCredentials(ctx.fixturesDir).applicationCredentials.find((c) => c.id === credentialId)?.projectId
}
