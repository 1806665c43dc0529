// Fixture sets are a union of names; loadFixtures takes a name or a path; api.seed takes dumps.
import { createFakeImageApi, fixtureSet, FIXTURE_SET_NAMES, type FixtureSetName } from 'openshift-image-fake'
import { loadFixtures } from 'openshift-image-fake/node'
import { fixtureSet as fromTesting } from 'openshift-image-fake/testing'

createFakeImageApi({ fixtures: 'openshift-samples' })
// @ts-expect-error: a misspelt set name
createFakeImageApi({ fixtures: 'opensift-samples' })
// @ts-expect-error: a path is not a set name (use loadFixtures)
createFakeImageApi({ fixtures: './fixtures/mine.yaml' })
fixtureSet('default')
fromTesting('import-failures')
// @ts-expect-error: a misspelt set name
fixtureSet('defualt')
const names: readonly FixtureSetName[] = FIXTURE_SET_NAMES
void names

await loadFixtures()
await loadFixtures('empty-project')
await loadFixtures('builtin:default')
await loadFixtures('./test/fixtures')
await loadFixtures('test/fixtures/mine.yaml')
await loadFixtures(['default', 'extra.json'])
// @ts-expect-error: a misspelt set name is neither a set nor a path
await loadFixtures('defualt')
declare const fromTheCommandLine: string
await loadFixtures(fromTheCommandLine)

const api = createFakeImageApi()
await api.seed('kind: Namespace\napiVersion: v1\nmetadata:\n  name: team\n')
await api.seed({ kind: 'ImageStreamList', apiVersion: 'image.openshift.io/v1', items: [{ metadata: { name: 'a', namespace: 'team' } }] })
await api.seed({ kind: 'List', apiVersion: 'v1', items: [] })
await api.seed(api.snapshot())
await api.seed(fixtureSet('default'))
await api.seed(await loadFixtures('default'))
// @ts-expect-error: not seedable
await api.seed(42)
