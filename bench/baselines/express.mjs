// Baseline: a minimal Express 5 app answering every request with a JSON body of the given size.
import express from 'express'

const size = Number(process.argv[2] ?? 1000)
const payload = { data: 'x'.repeat(Math.max(0, size - 11)) }
const app = express()
app.use(express.json())
app.all('/{*any}', (_req, res) => res.json(payload))
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
