// Every test runs with stored objects deep-frozen (src/store/store.ts freezeStored): the write path hands
// stored objects to strategies and transforms without copying them, relying on nobody changing them in
// place (docs/design.md). Code that does fails the suite here instead of quietly changing what reads serve.
;(globalThis as { __OPENSHIFT_IMAGE_FAKE_FREEZE_STORED__?: boolean }).__OPENSHIFT_IMAGE_FAKE_FREEZE_STORED__ = true
