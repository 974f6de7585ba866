// Test-mode hook: every response a provider app sends is checked against that provider's OpenAPI document (status,
// content type, body), so a response that drifts from the document is reported instead of passing unnoticed.
import type { Request, RequestHandler, Response } from 'express'
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'
import { buildOpenApiDocument, templateParams, type ApiDescription } from '../core/openapi.js'
import type { AnyProvider } from '../core/provider.js'

export interface ResponseViolation {
  provider: string
  method: string
  path: string
  status: number
  contentType: string
  problem: string
}

/** Bodies beyond this are checked for status and content type only (a test-mode hook must not hold huge answers). */
const MAX_CHECKED_BODY_BYTES = 8 * 1024 * 1024

interface CompiledOperation {
  method: string
  path: string
  pattern: RegExp
  literalLength: number
  responses: Record<string, DocumentNode>
}

type DocumentNode = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** `{name}` matches one segment or less; everything else is literal. */
function templatePattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

/** JSON pointer escaping for a key (`/` and `~`). */
const pointer = (...keys: string[]) => keys.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/** Checks responses of one provider against its document; compiles each response schema the first time it is needed. */
export class ResponseChecker {
  private readonly document: DocumentNode
  private readonly operations: CompiledOperation[]
  private readonly validators = new Map<string, ValidateFunction>()
  private readonly ajv: import('ajv').default

  constructor(
    private readonly providerId: string,
    private readonly api: ApiDescription,
  ) {
    this.document = buildOpenApiDocument(providerId, api, { servers: [] }) as DocumentNode
    this.operations = []
    for (const [path, methods] of Object.entries(this.document.paths as DocumentNode)) {
      for (const [method, op] of Object.entries(methods as DocumentNode)) {
        const literalLength = path.length - templateParams(path).reduce((n, name) => n + name.length + 2, 0)
        this.operations.push({ method, path, pattern: templatePattern(path), literalLength, responses: (op as DocumentNode).responses })
      }
    }
    // ajv is loaded only when checking is on: the emulator's own start does not pay for it
    const require = createRequire(import.meta.url)
    const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv').default
    const addFormats = require('ajv-formats').default as (ajv: unknown) => void
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true })
    addFormats(this.ajv)
    this.ajv.addSchema({ $id: 'openapi:document', ...this.document, $schema: undefined })
  }

  /** The documented operation a request reached: the matching template with the most literal characters. */
  private operationFor(method: string, path: string): CompiledOperation | undefined {
    let best: CompiledOperation | undefined
    for (const op of this.operations) {
      if (op.method !== method || !op.pattern.test(path)) continue
      if (!best || op.literalLength > best.literalLength) best = op
    }
    return best
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref)
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi:document#${ref}` })
      this.validators.set(ref, validate)
    }
    return validate
  }

  /** The problem with one response, or undefined when it is what the document says. */
  /** `body` is null when it was too large to keep: then only its status and content type are checked. */
  check(method: string, rawPath: string, status: number, contentTypeHeader: string, body: Buffer | null): string | undefined {
    let path = rawPath
    try {
      path = decodeURIComponent(rawPath)
    } catch {
      // an undecodable path reaches no operation: it is checked as an error answer below
    }
    const lower = method.toLowerCase()
    const op = this.operationFor(lower, path) ?? (lower === 'head' ? this.operationFor('get', path) : undefined)
    const mediaType = contentTypeHeader.split(';')[0]!.trim().toLowerCase()
    const hasBody = (body === null || body.length > 0) && lower !== 'head'
    // no operation (an unknown route, or a request refused before routing): one of the API's common answers
    const where = op ? `${op.method.toUpperCase()} ${op.path}` : `an unknown route (${method} ${path})`
    const known = (this.document.components as DocumentNode).responses as DocumentNode
    const unmatched = known[`UnknownRoute${status}`] ? `UnknownRoute${status}` : `Common${status}`
    let response: DocumentNode | undefined = op ? op.responses[String(status)] : { $ref: `#/components/responses/${unmatched}` }
    let base = op ? ['paths', op.path, op.method, 'responses', String(status)] : []
    const ref = response?.$ref as string | undefined
    if (ref) {
      const name = ref.slice('#/components/responses/'.length)
      response = known[name]
      base = ['components', 'responses', name]
    }
    if (!response) return `status ${status} is not documented for ${where}`
    const content = response.content
    if (!content) return hasBody ? `a body (${mediaType || 'no content type'}) where ${where} documents none for ${status}` : undefined
    if (!hasBody) return lower === 'head' ? undefined : `an empty body where ${where} documents one for ${status}`
    const pointerTo = `/${pointer(...base, 'content', mediaType, 'schema')}`
    return this.checkBody(pointerTo, mediaType, body, Object.hasOwn(content, mediaType), `${where} ${status}`)
  }

  private checkBody(ref: string, mediaType: string, body: Buffer | null, documentedType: boolean, where: string): string | undefined {
    if (!documentedType) return `content type "${mediaType}" is not documented for ${where}`
    if (body === null) return undefined
    let value: unknown
    try {
      const text = body.toString('utf-8')
      // a text body is its own value (an OPTIONS Allow list, Redis To Go's plain-text 401); JSON is parsed
      value = this.api.decodeBody ? this.api.decodeBody(mediaType, text) : mediaType.startsWith('text/') ? text : JSON.parse(text)
    } catch (err) {
      return `the ${mediaType} body does not parse: ${(err as Error).message}`
    }
    const validate = this.validator(ref)
    if (validate(value)) return undefined
    const issue = validate.errors?.[0]
    return `body does not match ${where}: ${issue?.instancePath || '(root)'} ${issue?.message ?? 'invalid'}${issue?.params ? ` ${JSON.stringify(issue.params)}` : ''}`
  }

  /** Middleware first in a provider app: collects what is sent, checks it once the response is finished. */
  middleware(report: (violation: ResponseViolation) => void): RequestHandler {
    return (req: Request, res: Response, next) => {
      const chunks: Buffer[] = []
      let size = 0
      const keep = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_CHECKED_BODY_BYTES) return
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf-8')
        size += buffer.length
        chunks.push(buffer)
      }
      const write = res.write.bind(res) as (...args: unknown[]) => boolean
      const end = res.end.bind(res) as (...args: unknown[]) => Response
      res.write = ((...args: unknown[]) => {
        keep(args[0], args[1])
        return write(...args)
      }) as Response['write']
      res.end = ((...args: unknown[]) => {
        keep(args[0], args[1])
        return end(...args)
      }) as Response['end']
      const path = req.path
      res.on('finish', () => {
        // an injected fault answers whatever status its rule names: the rule, not the provider, chose it
        if (res.locals.injectedFault !== undefined) return
        const contentType = String(res.getHeader('content-type') ?? '')
        let problem: string | undefined
        try {
          problem = this.check(req.method, path, res.statusCode, contentType, size > MAX_CHECKED_BODY_BYTES ? null : Buffer.concat(chunks))
        } catch (err) {
          problem = `the check itself failed: ${(err as Error).message}`
        }
        if (problem) report({ provider: this.providerId, method: req.method, path: req.originalUrl, status: res.statusCode, contentType, problem })
      })
      next()
    }
  }
}

/**
 * The checking middleware for a provider app when test mode is on (a violations file is named), else undefined.
 * Each violation is one JSON line appended to the file, which a test suite reads after each test.
 */
export function responseCheckFor(provider: AnyProvider, violationsFile: string | undefined): RequestHandler | undefined {
  if (!violationsFile || !provider.openapi) return undefined
  const report = (violation: ResponseViolation) => appendFileSync(violationsFile, `${JSON.stringify(violation)}\n`)
  let middleware: RequestHandler | undefined
  // built on the first request, so a start in test mode costs what a normal start does
  return (req, res, next) => {
    middleware ??= checkerOf(provider).middleware(report)
    middleware(req, res, next)
  }
}

/** One checker per description: the document and its compiled validators serve every emulator a test suite starts. */
const checkers = new WeakMap<ApiDescription, ResponseChecker>()

function checkerOf(provider: AnyProvider): ResponseChecker {
  const api = provider.openapi!()
  let checker = checkers.get(api)
  if (!checker) checkers.set(api, (checker = new ResponseChecker(provider.id, api)))
  return checker
}
