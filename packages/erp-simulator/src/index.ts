export { ARCHETYPES, type Archetype, PORTFOLIO_MIX } from './archetypes.ts';
export { customerKey, type EventSink, httpSink, kafkaSink } from './publish.ts';
export { Random } from './random.ts';
export { type SimEvent, type SimulationOptions, simulate } from './simulate.ts';
