// Cases ported from k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go
// (strategicMergePatchRawTestCases, customStrategicMergePatchRawTestCases,
// replaceRawExtensionPatchTestCases, customStrategicMergePatchTestCaseData,
// createStrategicMergePatchTestCaseData), converted from YAML to JSON. Two-way cases apply
// TwoWay to Original and expect Modified (or TwoWayResult); three-way cases apply ThreeWay to
// Current and expect Result. The schema mirrors testdata/swagger-merge-item-v3.json.
import { describe, expect, it } from 'vitest'
import type { SchemaRegistry } from '../schema-types.js'
import { isStatusError } from '../errors.js'
import { applyStrategicMergePatch } from './strategic.js'

const mergeItemRef = { $ref: '#/components/schemas/mergeItem' }
const registry: SchemaRegistry = {
  mergeItem: {
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      mergingList: { type: 'array', items: { default: {}, allOf: [mergeItemRef] }, 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
      nonMergingList: { type: 'array', items: mergeItemRef },
      mergingIntList: { type: 'array', items: { type: 'integer', format: 'int32' }, 'x-kubernetes-patch-strategy': 'merge' },
      nonMergingIntList: { type: 'array', items: { type: 'integer', format: 'int32' } },
      mergeItemPtr: { allOf: [mergeItemRef], 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
      simpleMap: { type: 'object', additionalProperties: { type: 'string' } },
      replacingItem: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension' }], 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: { allOf: [{ $ref: '#/components/schemas/retainKeysMergeItem' }], 'x-kubernetes-patch-strategy': 'retainKeys' },
      retainKeysMergingList: { type: 'array', items: mergeItemRef, 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' },
      jsonItem: {},
    },
  },
  retainKeysMergeItem: {
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      other: { type: 'string' },
      simpleMap: { items: { type: 'string' } },
      mergingList: { type: 'array', items: mergeItemRef, 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
      nonMergingList: { type: 'array', items: mergeItemRef },
      mergingIntList: { type: 'array', items: { type: 'integer', format: 'int32' }, 'x-kubernetes-patch-strategy': 'merge' },
    },
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { required: ['Raw'], properties: { Raw: { type: 'string', format: 'byte' } } },
}

interface Case {
  description: string
  original: unknown
  patch: unknown
  expected?: unknown
  error?: string
}

const cases: Case[] = [
  {"description":"delete items in lists of scalars (two-way)","original":{"mergingIntList":[1,2,3]},"patch":{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2]}},
  {"description":"delete items in lists of scalars (three-way)","original":{"mergingIntList":[1,2,3,4]},"patch":{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2,4]}},
  {"description":"delete all duplicate items in lists of scalars (two-way)","original":{"mergingIntList":[1,2,3,3]},"patch":{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2]}},
  {"description":"delete all duplicate items in lists of scalars (three-way)","original":{"mergingIntList":[1,2,3,3,4]},"patch":{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2,4]}},
  {"description":"add and delete items in lists of scalars (two-way)","original":{"mergingIntList":[1,2,3]},"patch":{"$setElementOrder/mergingIntList":[1,2,4],"$deleteFromPrimitiveList/mergingIntList":[3],"mergingIntList":[4]},"expected":{"mergingIntList":[1,2,4]}},
  {"description":"add and delete items in lists of scalars (three-way)","original":{"mergingIntList":[1,2,3,4]},"patch":{"$setElementOrder/mergingIntList":[1,2,4],"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2,4]}},
  {"description":"merge lists of maps (two-way)","original":{"mergingList":[{"name":1},{"name":2,"value":2}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":1},{"name":2,"value":2},{"name":3,"value":3}]}},
  {"description":"merge lists of maps (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]}},
  {"description":"delete map from merging list (two-way)","original":{"mergingList":[{"name":1},{"name":2}]},"patch":{"$setElementOrder/mergingList":[{"name":2}],"mergingList":[{"name":1,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2}]}},
  {"description":"delete map from merging list (three-way)","original":{"mergingList":[{"name":1},{"name":2,"other":"b"}]},"patch":{"$setElementOrder/mergingList":[{"name":2}],"mergingList":[{"name":1,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2,"other":"b"}]}},
  {"description":"add map and delete map from merging list (two-way)","original":{"mergingList":[{"name":1},{"name":2}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":3}],"mergingList":[{"name":3},{"name":1,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2},{"name":3}]}},
  {"description":"add map and delete map from merging list (three-way)","original":{"mergingList":[{"name":1},{"name":2,"other":"b"},{"name":4,"other":"c"}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":3}],"mergingList":[{"name":3},{"name":1,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2,"other":"b"},{"name":4,"other":"c"},{"name":3}]}},
  {"description":"delete field from map in merging list (two-way)","original":{"mergingList":[{"name":1,"value":1},{"name":2,"value":2}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":1,"value":null}]},"expected":{"mergingList":[{"name":1},{"name":2,"value":2}]}},
  {"description":"delete field from map in merging list (three-way)","original":{"mergingList":[{"name":1,"value":1,"other":"a"},{"name":2,"value":2,"other":"b"}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":1,"value":null}]},"expected":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]}},
  {"description":"replace non merging list nested in merging list (two-way)","original":{"mergingList":[{"name":1,"nonMergingList":[{"name":1},{"name":2,"value":2}]},{"name":2}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]}]},"expected":{"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]},{"name":2}]}},
  {"description":"replace non merging list nested in merging list (three-way)","original":{"mergingList":[{"name":1,"other":"a","nonMergingList":[{"name":1},{"name":2,"value":2}]},{"name":2,"other":"b"}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]}]},"expected":{"mergingList":[{"name":1,"other":"a","nonMergingList":[{"name":1,"value":1}]},{"name":2,"other":"b"}]}},
  {"description":"add field to map in merging list nested in merging list (two-way)","original":{"mergingList":[{"name":1,"mergingList":[{"name":1},{"name":2,"value":2}]},{"name":2}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"name":1,"mergingList":[{"name":1,"value":1}]}]},"expected":{"mergingList":[{"name":1,"mergingList":[{"name":1,"value":1},{"name":2,"value":2}]},{"name":2}]}},
  {"description":"add field to map in merging list nested in merging list (three-way)","original":{"mergingList":[{"name":1,"other":"a","mergingList":[{"name":1},{"name":2,"value":2}]},{"name":2,"other":"b"}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"name":1,"mergingList":[{"name":1,"value":1}]}]},"expected":{"mergingList":[{"name":1,"other":"a","mergingList":[{"name":1,"value":1},{"name":2,"value":2}]},{"name":2,"other":"b"}]}},
  {"description":"add map to merging list by pointer (two-way)","original":{"mergeItemPtr":[{"name":1}]},"patch":{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"mergeItemPtr":[{"name":2}]},"expected":{"mergeItemPtr":[{"name":1},{"name":2}]}},
  {"description":"add map to merging list by pointer (three-way)","original":{"mergeItemPtr":[{"name":1,"other":"a"},{"name":3}]},"patch":{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"mergeItemPtr":[{"name":2}]},"expected":{"mergeItemPtr":[{"name":1,"other":"a"},{"name":2},{"name":3}]}},
  {"description":"add field to map in merging list by pointer (two-way)","original":{"mergeItemPtr":[{"name":1,"mergeItemPtr":[{"name":1},{"name":2,"value":2}]},{"name":2}]},"patch":{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"mergeItemPtr":[{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"name":1,"mergeItemPtr":[{"name":1,"value":1}]}]},"expected":{"mergeItemPtr":[{"name":1,"mergeItemPtr":[{"name":1,"value":1},{"name":2,"value":2}]},{"name":2}]}},
  {"description":"add field to map in merging list by pointer (three-way)","original":{"mergeItemPtr":[{"name":1,"other":"a","mergeItemPtr":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]},{"name":2,"other":"b"}]},"patch":{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"mergeItemPtr":[{"$setElementOrder/mergeItemPtr":[{"name":1},{"name":2}],"name":1,"mergeItemPtr":[{"name":1,"value":1}]}]},"expected":{"mergeItemPtr":[{"name":1,"other":"a","mergeItemPtr":[{"name":1,"value":1,"other":"a"},{"name":2,"value":2,"other":"b"}]},{"name":2,"other":"b"}]}},
  {"description":"merge lists of scalars (two-way)","original":{"mergingIntList":[1,2]},"patch":{"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3]},"expected":{"mergingIntList":[1,2,3]}},
  {"description":"merge lists of scalars (three-way)","original":{"mergingIntList":[1,2,4]},"patch":{"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3]},"expected":{"mergingIntList":[1,2,3,4]}},
  {"description":"add an item in a list of primitives and preserve order (two-way)","original":{"mergingIntList":[1,2]},"patch":{"$setElementOrder/mergingIntList":[3,1,2],"mergingIntList":[3]},"expected":{"mergingIntList":[3,1,2]}},
  {"description":"add an item in a list of primitives and preserve order (three-way)","original":{"mergingIntList":[1,4,2]},"patch":{"$setElementOrder/mergingIntList":[3,1,2],"mergingIntList":[3]},"expected":{"mergingIntList":[3,1,4,2]}},
  {"description":"delete an item in a list and preserve order (two-way)","original":{"mergingList":[{"name":1},{"name":3,"value":3},{"name":2,"value":2}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1}],"mergingList":[{"name":3,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2,"value":2},{"name":1}]}},
  {"description":"delete an item in a list and preserve order (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1}],"mergingList":[{"name":3,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2,"value":2,"other":"b"},{"name":1,"other":"a"}]}},
  {"description":"add and delete an item in a list and preserve order (two-way)","original":{"mergingList":[{"name":1},{"name":3,"value":3},{"name":2,"value":2}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":1}],"mergingList":[{"name":4,"value":4},{"name":3,"$patch":"delete"}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":2,"value":2},{"name":1}]}},
  {"description":"add and delete an item in a list and preserve order (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":1}],"mergingList":[{"name":4,"value":4},{"name":3,"$patch":"delete"}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":2,"value":2,"other":"b"},{"name":1,"other":"a"}]}},
  {"description":"set elements order in a list with server-only items (two-way)","original":{"mergingList":[{"name":1},{"name":3,"value":3},{"name":4,"value":4},{"name":2,"value":2}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":3},{"name":1}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":2,"value":2},{"name":3,"value":3},{"name":1}]}},
  {"description":"set elements order in a list with server-only items (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":3,"value":3},{"name":4,"value":4},{"name":2,"value":2},{"name":9}]},"patch":{"$setElementOrder/mergingList":[{"name":4},{"name":2},{"name":3},{"name":1}]},"expected":{"mergingList":[{"name":4,"value":4},{"name":2,"value":2},{"name":3,"value":3},{"name":1,"other":"a"},{"name":9}]}},
  {"description":"set elements order in a list with server-only items 2 (two-way)","original":{"mergingList":[{"name":1},{"name":2,"value":2},{"name":3,"value":3},{"name":4,"value":4}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]},"expected":{"mergingList":[{"name":2,"value":2},{"name":1},{"name":4,"value":4},{"name":3,"value":3}]}},
  {"description":"set elements order in a list with server-only items 2 (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2},{"name":9},{"name":3,"value":3},{"name":4,"value":4}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]},"expected":{"mergingList":[{"name":2,"value":2},{"name":1,"other":"a"},{"name":9},{"name":4,"value":4},{"name":3,"value":3}]}},
  {"description":"set elements order in a list with server-only items 3 (two-way)","original":{"mergingList":[{"name":1},{"name":2,"value":2},{"name":3,"value":3},{"name":4,"value":4}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]},"expected":{"mergingList":[{"name":2,"value":2},{"name":1},{"name":4,"value":4},{"name":3,"value":3}]}},
  {"description":"set elements order in a list with server-only items 3 (three-way)","original":{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2},{"name":7},{"name":9},{"name":8},{"name":3,"value":3},{"name":4,"value":4}]},"patch":{"$setElementOrder/mergingList":[{"name":2},{"name":1},{"name":4},{"name":3}]},"expected":{"mergingList":[{"name":2,"value":2},{"name":1,"other":"a"},{"name":7},{"name":9},{"name":8},{"name":4,"value":4},{"name":3,"value":3}]}},
  {"description":"set elements order in a int list with server-only items (two-way)","original":{"mergingIntList":[1,3,4,2]},"patch":{"$setElementOrder/mergingIntList":[4,2,3,1]},"expected":{"mergingIntList":[4,2,3,1]}},
  {"description":"set elements order in a int list with server-only items (three-way)","original":{"mergingIntList":[1,3,4,2,9]},"patch":{"$setElementOrder/mergingIntList":[4,2,3,1]},"expected":{"mergingIntList":[4,2,3,1,9]}},
  {"description":"retainKeys map should clear defaulted field (two-way)","original":{},"patch":{"retainKeysMap":{"other":"bar"}},"expected":{"retainKeysMap":{"other":"bar"}}},
  {"description":"retainKeys map should clear defaulted field (three-way)","original":{"retainKeysMap":{"value":"foo"}},"patch":{"retainKeysMap":{"$retainKeys":["other"],"other":"bar"}},"expected":{"retainKeysMap":{"other":"bar"}}},
  {"description":"retainKeys map adds a field and clear a field (two-way)","original":{"retainKeysMap":{"name":"foo"}},"patch":{"retainKeysMap":{"$retainKeys":["name","value"],"value":"bar"}},"expected":{"retainKeysMap":{"name":"foo","value":"bar"}}},
  {"description":"retainKeys map adds a field and clear a field (three-way)","original":{"retainKeysMap":{"name":"foo","other":"a"}},"patch":{"retainKeysMap":{"$retainKeys":["name","value"],"value":"bar"}},"expected":{"retainKeysMap":{"name":"foo","value":"bar"}}},
  {"description":"retainKeys map clears a field (two-way)","original":{"retainKeysMap":{"name":"foo","value":"bar"}},"patch":{},"expected":{"retainKeysMap":{"name":"foo","value":"bar"}}},
  {"description":"retainKeys map clears a field (three-way)","original":{"retainKeysMap":{"name":"foo","value":"bar","other":"a"}},"patch":{"retainKeysMap":{"$retainKeys":["name","value"]}},"expected":{"retainKeysMap":{"name":"foo","value":"bar"}}},
  {"description":"retainKeys map adds a field in a nested map (two-way)","original":{"retainKeysMap":{"name":"foo","value":"bar","simpleMap":{"key1":"a"}}},"patch":{"retainKeysMap":{"$retainKeys":["name","simpleMap","value"],"simpleMap":{"key2":"b"}}},"expected":{"retainKeysMap":{"name":"foo","value":"bar","simpleMap":{"key1":"a","key2":"b"}}}},
  {"description":"retainKeys map adds a field in a nested map (three-way)","original":{"retainKeysMap":{"name":"foo","value":"bar","simpleMap":{"key1":"a","key3":"c"}}},"patch":{"retainKeysMap":{"$retainKeys":["name","simpleMap","value"],"simpleMap":{"key2":"b"}}},"expected":{"retainKeysMap":{"name":"foo","value":"bar","simpleMap":{"key1":"a","key2":"b","key3":"c"}}}},
  {"description":"retainKeys map adds an item in nested merging int list (two-way)","original":{"retainKeysMap":{"name":"foo","mergingIntList":[1,2]}},"patch":{"retainKeysMap":{"$setElementOrder/mergingIntList":[1,2,4],"$retainKeys":["mergingIntList","name"],"mergingIntList":[4]}},"expected":{"retainKeysMap":{"name":"foo","mergingIntList":[1,2,4]}}},
  {"description":"retainKeys map adds an item in nested merging int list (three-way)","original":{"retainKeysMap":{"name":"foo","mergingIntList":[1,2,3]}},"patch":{"retainKeysMap":{"$setElementOrder/mergingIntList":[1,2,4],"$retainKeys":["mergingIntList","name"],"mergingIntList":[4]}},"expected":{"retainKeysMap":{"name":"foo","mergingIntList":[1,2,4,3]}}},
  {"description":"retainKeys map adds an item in nested merging list (two-way)","original":{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"}]}},"patch":{"retainKeysMap":{"$retainKeys":["mergingList","name"],"$setElementOrder/mergingList":[{"name":"a"},{"name":"b"},{"name":"c"}],"mergingList":[{"name":"c"}]}},"expected":{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"},{"name":"c"}]}}},
  {"description":"retainKeys map adds an item in nested merging list (three-way)","original":{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"},{"name":"x"}]}},"patch":{"retainKeysMap":{"$retainKeys":["mergingList","name"],"$setElementOrder/mergingList":[{"name":"a"},{"name":"b"},{"name":"c"}],"mergingList":[{"name":"c"}]}},"expected":{"retainKeysMap":{"name":"foo","mergingList":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"x"}]}}},
  {"description":"retainKeys list of maps clears a field (two-way)","original":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]},"patch":{},"expected":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}},
  {"description":"retainKeys list of maps clears a field (three-way)","original":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a","other":"x"}]},"patch":{"$setElementOrder/retainKeysMergingList":[{"name":"bar"},{"name":"foo"}],"retainKeysMergingList":[{"$retainKeys":["name","value"],"name":"foo"}]},"expected":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}},
  {"description":"retainKeys list of maps adds a field (two-way)","original":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo"}]},"patch":{"$setElementOrder/retainKeysMergingList":[{"name":"bar"},{"name":"foo"}],"retainKeysMergingList":[{"$retainKeys":["name","value"],"name":"foo","value":"a"}]},"expected":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}},
  {"description":"retainKeys list of maps adds a field (three-way)","original":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo"}]},"patch":{"$setElementOrder/retainKeysMergingList":[{"name":"bar"},{"name":"foo"}],"retainKeysMergingList":[{"$retainKeys":["name","value"],"name":"foo","value":"a"}]},"expected":{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}},
  {"description":"delete and reorder in one list, reorder in another (two-way)","original":{"mergingList":[{"name":"a","value":"a"},{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"c","value":"c"},{"name":"d","value":"d"}]},"patch":{"$setElementOrder/mergingList":[{"name":"b"}],"$setElementOrder/mergeItemPtr":[{"name":"d"},{"name":"c"}],"mergingList":[{"$patch":"delete","name":"a"}]},"expected":{"mergingList":[{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"d","value":"d"},{"name":"c","value":"c"}]}},
  {"description":"delete and reorder in one list, reorder in another (three-way)","original":{"mergingList":[{"name":"a","value":"a"},{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"c","value":"c"},{"name":"d","value":"d"}]},"patch":{"$setElementOrder/mergingList":[{"name":"b"}],"$setElementOrder/mergeItemPtr":[{"name":"d"},{"name":"c"}],"mergingList":[{"$patch":"delete","name":"a"}]},"expected":{"mergingList":[{"name":"b","value":"b"}],"mergeItemPtr":[{"name":"d","value":"d"},{"name":"c","value":"c"}]}},
  {"description":"$setElementOrder contains item that is not present in the list to be merged (two-way)","original":{"mergingList":[{"name":1},{"name":3}]},"patch":{"$setElementOrder/mergingList":[{"name":3},{"name":2},{"name":1}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]},"expected":{"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}},
  {"description":"$setElementOrder contains item that is not present in the int list to be merged (two-way)","original":{"mergingIntList":[1,3]},"patch":{"$setElementOrder/mergingIntList":[3,2,1]},"expected":{"mergingIntList":[3,1]}},
  {"description":"should check if order in $setElementOrder and patch list match (two-way)","original":{"mergingList":[{"name":1},{"name":3},{"name":2}]},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]},"error":"doesn't match"},
  {"description":"missing merge key should error out (two-way)","original":{"mergingList":[{"name":1,"value":"a"}]},"patch":{"mergingList":[{"value":"b"}]},"error":"does not contain declared merge key"},
  {"description":"$deleteFromPrimitiveList of nonexistent item in primitive list should not add the item to the list (two-way)","original":{"mergingIntList":[1,2]},"patch":{"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"mergingIntList":[1,2]}},
  {"description":"$deleteFromPrimitiveList on nonexistent primitive list should not add the primitive list (two-way)","original":{"foo":["bar"]},"patch":{"$deleteFromPrimitiveList/mergingIntList":[3]},"expected":{"foo":["bar"]}},
  {"description":"$deleteFromPrimitiveList should delete item from a list with merge patch strategy (two-way)","original":{"mergingIntList":[1,2,3]},"patch":{"$deleteFromPrimitiveList/mergingIntList":[2]},"expected":{"mergingIntList":[1,3]}},
  {"description":"$deleteFromPrimitiveList should delete item from a list without merge patch strategy (two-way)","original":{"nonMergingIntList":[1,2,3]},"patch":{"$deleteFromPrimitiveList/nonMergingIntList":[2]},"expected":{"nonMergingIntList":[1,3]}},
  {"description":"replace RawExtension field and merge list (two-way)","original":{"name":"my-object","value":"some-value","other":"current-other","mergingList":[{"name":1}],"replacingItem":{"Some":"Generic","Yaml":"Inside","The":"RawExtension","Field":"Period"}},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":2}],"replacingItem":{"Newly":"Modified","Yaml":"Inside","The":"RawExtension"}},"expected":{"name":"my-object","value":"some-value","other":"current-other","mergingList":[{"name":1},{"name":2}],"replacingItem":{"Newly":"Modified","Yaml":"Inside","The":"RawExtension"}}},
  {"description":"replace RawExtension field and merge list (three-way)","original":{"name":"my-object","value":"some-value","other":"current-other","mergingList":[{"name":1},{"name":3}],"replacingItem":{"Some":"Generic","Yaml":"Inside","The":"RawExtension","Field":"Period"}},"patch":{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":2}],"replacingItem":{"Newly":"Modified","Yaml":"Inside","The":"RawExtension"}},"expected":{"name":"my-object","value":"some-value","other":"current-other","mergingList":[{"name":1},{"name":2},{"name":3}],"replacingItem":{"Newly":"Modified","Yaml":"Inside","The":"RawExtension"}}},
  {"description":"unique scalars when merging lists (two-way)","original":{"mergingIntList":[1,2]},"patch":{"mergingIntList":[2,3]},"expected":{"mergingIntList":[1,2,3]}},
  {"description":"delete map from nested map (two-way)","original":{"simpleMap":{"key1":1,"key2":1}},"patch":{"simpleMap":{"$patch":"delete"}},"expected":{"simpleMap":{}}},
  {"description":"delete all items from merging list (two-way)","original":{"mergingList":[{"name":1},{"name":2}]},"patch":{"mergingList":[{"$patch":"replace"}]},"expected":{"mergingList":[]}},
  {"description":"delete all keys from map (two-way)","original":{"name":1,"value":1},"patch":{"$patch":"replace"},"expected":{}},
  {"description":"add key and delete all keys from map (two-way)","original":{"name":1,"value":1},"patch":{"other":"a","$patch":"replace"},"expected":{"other":"a"}},
  {"description":"delete all duplicate entries in a merging list (two-way)","original":{"mergingList":[{"name":1},{"name":1},{"name":2,"value":"a"},{"name":3},{"name":3}]},"patch":{"mergingList":[{"name":1,"$patch":"delete"},{"name":3,"$patch":"delete"}]},"expected":{"mergingList":[{"name":2,"value":"a"}]}},
  {"description":"retainKeys map merge an empty map (two-way)","original":{"retainKeysMap":{"name":"foo","value":"a"}},"patch":{"retainKeysMap":{}},"expected":{"retainKeysMap":{"name":"foo","value":"a"}}},
  {"description":"preserve the order from the patch in a merging list (two-way)","original":{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]},"patch":{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"other":"x"}]},"expected":{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"value":"b","other":"x"}]}},
  {"description":"preserve the order from the patch in a merging list 2 (two-way)","original":{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]},"patch":{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"}]},"expected":{"mergingList":[{"name":2,"value":"b"},{"name":3,"value":"c"},{"name":1,"value":"a"}]}},
  {"description":"preserve the order from the patch in a merging int list (two-way)","original":{"mergingIntList":[1,2,3]},"patch":{"mergingIntList":[3,1,2]},"expected":{"mergingIntList":[3,1,2]}},
  {"description":"preserve the order from the patch in a merging int list (two-way)","original":{"mergingIntList":[1,2,3]},"patch":{"mergingIntList":[3,1]},"expected":{"mergingIntList":[2,3,1]}},
  {"description":"add field and delete field from map (two-way)","original":{"name":1},"patch":{"name":null,"value":1},"expected":{"value":1}},
  {"description":"add field and delete field from map (three-way)","original":{"name":1,"other":"a"},"patch":{"name":null,"value":1},"expected":{"value":1,"other":"a"}},
  {"description":"delete field from nested map (two-way)","original":{"simpleMap":{"key1":1,"key2":1}},"patch":{"simpleMap":{"key2":null}},"expected":{"simpleMap":{"key1":1}}},
  {"description":"delete field from nested map (three-way)","original":{"simpleMap":{"key1":1,"key2":1,"other":"a"}},"patch":{"simpleMap":{"key2":null}},"expected":{"simpleMap":{"key1":1,"other":"a"}}},
  {"description":"delete all fields from map (two-way)","original":{"name":1,"value":1},"patch":{"name":null,"value":null},"expected":{}},
  {"description":"delete all fields from map (three-way)","original":{"name":1,"value":1,"other":"a"},"patch":{"name":null,"value":null},"expected":{"other":"a"}},
  {"description":"delete all maps from merging list (two-way)","original":{"mergingList":[{"name":1},{"name":2}]},"patch":{"mergingList":[{"name":1,"$patch":"delete"},{"name":2,"$patch":"delete"}]},"expected":{"mergingList":[]}},
  {"description":"delete all maps from merging list (three-way)","original":{"mergingList":[{"name":1},{"name":2}]},"patch":{"mergingList":[{"name":1,"$patch":"delete"},{"name":2,"$patch":"delete"}]},"expected":{"mergingList":[]}},
  {"description":"defined null values should propagate removing original fields (two-way)","original":{"name":"original-name","value":"original-value"},"patch":{"name":"modified-name","value":null},"expected":{"name":"modified-name"}},
  {"description":"defined null values should propagate removing original fields (three-way)","original":{"name":"original-name","value":"original-value","other":"current-other"},"patch":{"name":"modified-name","value":null},"expected":{"name":"modified-name","other":"current-other"}},
]

describe('strategic merge patch: upstream strategicpatch test data', () => {
  for (const c of cases.filter((x) => !x.error)) {
    it(c.description, () => {
      expect(applyStrategicMergePatch(c.original, c.patch, registry.mergeItem!, registry)).toStrictEqual(c.expected)
    })
  }
  for (const c of cases.filter((x) => x.error)) {
    it(`${c.description} → error containing "${c.error}"`, () => {
      let err: unknown
      try {
        applyStrategicMergePatch(c.original, c.patch, registry.mergeItem!, registry)
      } catch (e) {
        err = e
      }
      expect(isStatusError(err)).toBe(true)
      if (isStatusError(err)) expect(err.body.message).toContain(c.error)
    })
  }
})
