// lib/fleet: every instance's figures published to Redis and merged back into one fleet view.
export {
  flushFleetIfDue,
  freshenFleet,
  instanceId,
  publisherStats,
  resetWithFleet,
  readFleetView,
  startFleet,
  stopFleet,
  type FleetRead,
} from './fleet';
export { fleetConfig, resolveFleetConfig, FLEET_DEFAULTS, type FleetConfig } from './fleet-config';
export { readFleet, type FleetData, type FleetInstance, type SlowEntry } from './fleet-reader';
export {
  historyPoints,
  instanceRows,
  windowTotals,
  type CachePointView,
  type DbPointView,
  type InstanceRow,
  type KindTotals,
} from './fleet-view';
export type { PublisherStats } from './fleet-publisher';
export type { InstanceStatus, PublishedTransition } from './fleet-keys';
export {
  operationHistory,
  operationRows,
  type OperationPoint,
  type OperationRow,
} from './operation-view';
export type { FleetTier } from './fleet-reader';
export { SLO, NO_COUNTS, addCounts, dayOf, sloCounts, type SloCounts } from './slo-counts';
export { readSloDays, type SloDay } from './slo-reader';
export {
  replicasView,
  type FleetReplicaFigures,
  type FleetReplicasView,
  type FleetRoutingFigures,
  type ReplicaOnInstance,
  type ReplicaWindow,
  type RoutingOnInstance,
} from './replica-view';
export type {
  InstanceFailoverState,
  InstanceReplicaStatus,
  InstanceReplicasStatus,
  PublishedFailoverTransition,
} from './fleet-keys';
export { REPLICA_COUNTERS, type ReplicaCounter } from './replica-record';
