/** How a kind of customer pays: the behaviours collections teams recognise. */
export interface Archetype {
  name: 'prompt' | 'slow' | 'seasonal' | 'deteriorating' | 'defaulting' | 'disputing';
  /** Days after the due date the customer pays, drawn uniformly (negative: early). */
  lateDays: readonly [number, number];
  /** Share of invoices paid in two parts. */
  partialShare: number;
  /** Share of invoices disputed. */
  disputeShare: number;
  /** Lateness added per month of the relationship (getting worse). */
  extraLateDaysPerMonth?: number;
  /** Calendar months (1-12) in which payments come in much later. */
  lateMonths?: readonly number[];
  /** From this month of the simulation on, invoices are never paid. */
  stopsPayingFromMonth?: number;
}

export const ARCHETYPES: Readonly<Record<Archetype['name'], Archetype>> = {
  prompt: { name: 'prompt', lateDays: [-5, 2], partialShare: 0.02, disputeShare: 0.01 },
  slow: { name: 'slow', lateDays: [10, 45], partialShare: 0.15, disputeShare: 0.03 },
  seasonal: {
    name: 'seasonal',
    lateDays: [-2, 8],
    partialShare: 0.05,
    disputeShare: 0.02,
    lateMonths: [1, 2, 7, 8],
  },
  deteriorating: {
    name: 'deteriorating',
    lateDays: [0, 10],
    partialShare: 0.2,
    disputeShare: 0.03,
    extraLateDaysPerMonth: 12,
  },
  defaulting: {
    name: 'defaulting',
    lateDays: [5, 30],
    partialShare: 0.25,
    disputeShare: 0.02,
    stopsPayingFromMonth: 2,
  },
  disputing: { name: 'disputing', lateDays: [0, 20], partialShare: 0.05, disputeShare: 0.3 },
};

/** The mix of a typical portfolio: mostly good payers, a tail of trouble. */
export const PORTFOLIO_MIX: readonly [Archetype['name'], number][] = [
  ['prompt', 40],
  ['slow', 20],
  ['seasonal', 12],
  ['deteriorating', 10],
  ['defaulting', 8],
  ['disputing', 10],
];
