export {
  productionReplicas,
  STANDBY_DEFAULTS,
  STANDBY_STATES,
  standbyMinNodes,
  standbyProblems,
  standbyReplicas,
} from './args';
export type { ScalingLike, StandbyService, StandbySettings, StandbyState, TrafficSettings } from './args';
export { isStandingBy, standbyNodePools, standbyScaling } from './sizing';
export { recordSuffix, TrafficRecords, trafficRecordNames, trafficRecordSettings, validateTrafficRecordsArgs } from './traffic';
export type { TrafficRecordsArgs } from './traffic';
