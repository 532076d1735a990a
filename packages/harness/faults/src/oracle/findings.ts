/** One breach of an invariant the oracle found; `atMs` (epoch ms) ties it to the fault window it happened in. */
export interface Finding {
  kind: 'lost' | 'duplicated';
  what: string;
  atMs?: number | undefined;
}
