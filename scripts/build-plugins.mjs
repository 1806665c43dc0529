// esbuild plugins and bundle options of scripts/build.mjs (exported for test/build-plugins.test.ts).

import { readFile } from 'node:fs/promises'

// parseFixtureYaml (a root export, synchronous) reads the YAML library through `#yaml-sync`, which
// package.json "imports" resolves where the package runs: in Node to dist/fixtures/yaml-sync.node.js
// (src/fixtures/yaml-sync.node.ts: the library required on the first parse), elsewhere to `yaml` (loaded
// with the root entry, as before). So Node does not load the library (~100 KB of code) with the root
// entry: ~1 MiB less for an idle fake (bench/startup.ts case (c)). In src/ (tests, tsx) parse-yaml.ts
// imports `yaml` itself.
export const yamlSync = {
  name: 'yaml-sync',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (/[\\/]src[\\/]fixtures[\\/]parse-yaml\.ts$/.test(args.importer) ? { path: '#yaml-sync', external: true } : undefined))
  },
}

// Class names survive minification; other functions' names do not. esbuild's `keepNames` wrapped every
// function and class in a `__name` helper that defines an own `name` on each (~2 000 here): that cost
// the idle fake ~0.4 MiB, and the helper's import in every chunk pushed Node's ESM resolver (one
// fileURLToPath per import edge) towards V8's optimizing-compiler threshold (crossing it costs another
// ~1.5 MiB of compiler code pages; bench/startup.ts case (c)). Only class names are observable:
// util.inspect / console.log print an error as `StatusError: …` from its constructor's name (`o [Error]`
// without it), and instances as `Store {…}`. So each top-level class of src/ (and @msw/data's Query,
// which api.db exports) gets a static block defining its `name` as the helper did (non-enumerable,
// configurable); functions keep their minified names (stack traces map back through the source maps).
const CLASS_HEAD = /^((?:export )?(?:abstract )?class ([A-Za-z_$][\w$]*)[^{\n]*\{)/gm
const LIBRARY_CLASS_HEAD = /^(var Query = class Query \{)/m
/** `text` (a module of src/) with a name-defining static block in each top-level class. */
export function nameClasses(text, path) {
  let named = 0
  const out = text.replace(CLASS_HEAD, (head, _all, name) => {
    named++
    return `${head} static { Object.defineProperty(this, 'name', { value: ${JSON.stringify(name)}, configurable: true }) }`
  })
  const classes = text.match(/^(?:export )?(?:abstract )?class /gm)?.length ?? 0
  if (named !== classes) throw new Error(`class-names: ${path} declares ${classes} top-level classes, ${named} named (a class head must fit on one line)`)
  return out
}

export const classNames = {
  name: 'class-names',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      if (/\.test\.ts$/.test(args.path)) return undefined
      const text = await readFile(args.path, 'utf8')
      const out = nameClasses(text, args.path)
      return out === text ? undefined : { contents: out, loader: 'ts' }
    })
    b.onLoad({ filter: /[\\/]node_modules[\\/]@msw[\\/]data[\\/]build[\\/]collection-[^\\/]*\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8')
      if (!LIBRARY_CLASS_HEAD.test(text)) throw new Error(`class-names: no Query class in ${args.path}`)
      return { contents: text.replace(LIBRARY_CLASS_HEAD, `$1 static { Object.defineProperty(this, 'name', { value: 'Query', configurable: true }) }`), loader: 'js' }
    })
  },
}

/**
 * How the package's code is bundled (scripts/build.mjs; test/build-plugins.test.ts bundles the root entry
 * the same way): one ESM pass, split into shared chunks, for browsers and Node alike.
 */
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  // Neutral: the root entry's chunks must run in browsers; Node built-ins are imported only by the Node entries.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['import', 'module', 'default'],
  target: 'es2022',
  external: ['node:*', 'msw', 'msw/*', 'nock', 'vitest', 'ws'],
  // Less text to parse at import (class names kept by the class-names plugin: errors print their names).
  minify: true,
}
