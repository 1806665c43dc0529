// The remote-registry changes made at run time through the control API (`publish`, `untag`,
// `configureRegistry`, `configureRepository`), kept in order so that the state file can replay them on
// top of the configured registries after a restart (the registry's content itself is built from its
// fixture, so the changes are all that needs saving). `api.reset()` restores the configured content, so
// a reset empties the journal.

import type { FakeImageApi } from '../index.js'
import type { RegistryFixture, RepositoryFixture, TagSpec } from '../image/remote-registry/types.js'

export type RegistryChange =
  | { op: 'publish'; ref: string; spec: TagSpec }
  | { op: 'untag'; ref: string }
  | { op: 'configureRegistry'; host: string; patch: Omit<RegistryFixture, 'repositories'> }
  | { op: 'configureRepository'; repository: string; patch: Omit<RepositoryFixture, 'tags'> }

export class RegistryJournal {
  private changes: RegistryChange[] = []
  constructor(
    private readonly api: FakeImageApi,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Apply a change to `api.registry` and remember it. Returns what `publish` returns. */
  apply(change: RegistryChange): unknown {
    const result = applyChange(this.api, change)
    this.changes.push(change)
    this.onChange()
    return result
  }

  /** Replay saved changes (state file) without announcing them. */
  replay(changes: RegistryChange[]): void {
    for (const c of changes) applyChange(this.api, c)
    this.changes = [...changes]
  }

  clear(): void {
    this.changes = []
  }

  get all(): readonly RegistryChange[] {
    return this.changes
  }
}

function applyChange(api: FakeImageApi, c: RegistryChange): unknown {
  switch (c.op) {
    case 'publish':
      return api.registry.publish(c.ref, c.spec)
    case 'untag':
      return api.registry.untag(c.ref)
    case 'configureRegistry':
      return api.registry.configureRegistry(c.host, c.patch)
    case 'configureRepository':
      return api.registry.configureRepository(c.repository, c.patch)
    default:
      throw new Error(`unknown registry change ${JSON.stringify((c as { op?: unknown }).op)}`)
  }
}
