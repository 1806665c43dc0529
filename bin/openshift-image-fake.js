#!/usr/bin/env node
// Launcher for the compiled CLI (src/cli.ts → dist/cli.js). Run `npm run build` first in a checkout.
import { main } from '../dist/cli.js'

process.exit(await main(process.argv.slice(2)))
