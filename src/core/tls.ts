// The self-signed certificate for TLS listeners: generated on first start, kept in the data dir so clients can pin it.
import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Certificate {
  key: string
  cert: string
}

const KEY_FILE = 'tls-key.pem'
const CERT_FILE = 'tls-cert.pem'

const CERTIFICATE_OPTIONS = {
  keySize: 2048,
  days: 3650,
  extensions: [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ],
}

// Run by a child Node.js: argv[1] is the generator's module URL, argv[2] the options; prints the PEMs as JSON.
const GENERATOR = `
const module = await import(process.argv[1])
const generate = module.generate ?? module.default.generate
const pems = await generate([{ name: 'commonName', value: 'localhost' }], JSON.parse(process.argv[2]))
process.stdout.write(JSON.stringify({ key: pems.private, cert: pems.cert }))
`

/**
 * Made by a short-lived child process: the X.509 libraries would otherwise stay in the emulator's memory for good
 * (about 10 MB, issue #9: idle RSS < 80 MB).
 */
async function generateCertificate(): Promise<Certificate> {
  const generator = pathToFileURL(createRequire(import.meta.url).resolve('selfsigned')).href
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', GENERATOR, generator, JSON.stringify(CERTIFICATE_OPTIONS)], {
    maxBuffer: 1024 * 1024,
  })
  return JSON.parse(stdout) as Certificate
}

// In-memory emulators in one process share one certificate: generating one costs a few hundred milliseconds.
let processCertificate: Promise<Certificate> | undefined

export async function loadOrCreateCertificate(dataDir: string | undefined): Promise<Certificate> {
  if (!dataDir) return (processCertificate ??= generateCertificate())
  try {
    return { key: await readFile(join(dataDir, KEY_FILE), 'utf-8'), cert: await readFile(join(dataDir, CERT_FILE), 'utf-8') }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const certificate = await generateCertificate()
  await mkdir(dataDir, { recursive: true })
  await writeFile(join(dataDir, KEY_FILE), certificate.key, { mode: 0o600 })
  await writeFile(join(dataDir, CERT_FILE), certificate.cert)
  return certificate
}
