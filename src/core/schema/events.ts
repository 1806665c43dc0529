// OpenAPI v3 schemas of core/v1 Event (k8s.io/api/core/v1/types.go Event, EventSource, EventSeries) and
// meta/v1 MicroTime, as /openapi/v3/api/v1 publishes them.

import type { SchemaRegistry } from '../../apiserver/schema-types.js'
import { CORE, META, gvk, int32, listSchema, objectHeader, ref, str } from '../../apiserver/schema/meta-schemas.js'

export const eventSchemas: SchemaRegistry = {
  [`${META}MicroTime`]: {
    type: 'string',
    format: 'date-time',
    description: 'MicroTime is version of Time with microsecond level precision.',
  },
  [`${CORE}Event`]: {
    type: 'object',
    description: 'Event is a report of an event somewhere in the cluster.',
    required: ['metadata', 'involvedObject'],
    properties: {
      action: str('What action was taken/failed regarding to the Regarding object.'),
      count: int32('The number of times this event has occurred.'),
      eventTime: ref(`${META}MicroTime`, 'Time when this Event was first observed.'),
      firstTimestamp: ref(`${META}Time`, 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
      involvedObject: ref(`${CORE}ObjectReference`, 'The object that this event is about.', { default: {} }),
      lastTimestamp: ref(`${META}Time`, 'The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      ...objectHeader(),
      reason: str("This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      related: ref(`${CORE}ObjectReference`, 'Optional secondary object for more complex actions.'),
      reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.', { default: '' }),
      reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.', { default: '' }),
      series: ref(`${CORE}EventSeries`, "Data about the Event series this event represents or nil if it's a singleton Event."),
      source: ref(`${CORE}EventSource`, 'The component reporting this event. Should be a short machine understandable string.', { default: {} }),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    'x-kubernetes-group-version-kind': gvk('', 'Event'),
  },
  [`${CORE}EventList`]: listSchema(`${CORE}Event`, 'EventList is a list of events.', '', 'EventList', 'List of events'),
  [`${CORE}EventSeries`]: {
    type: 'object',
    description: 'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.',
    properties: {
      count: int32('Number of occurrences in this series up to the last heartbeat time'),
      lastObservedTime: ref(`${META}MicroTime`, 'Time of the last occurrence observed'),
    },
  },
  [`${CORE}EventSource`]: {
    type: 'object',
    description: 'EventSource contains information for an event.',
    properties: {
      component: str('Component from which the event is generated.'),
      host: str('Node name on which the event is generated.'),
    },
  },
}
