import type { ProposalItem } from '../clients/types.ts';
import { startOfDayIn } from './local-day.ts';

export const PROPOSAL_PAGE_SIZE = 50;
/** The proposal looks a week ahead unless told otherwise. */
export const DEFAULT_HORIZON_DAYS = 7;

export type ExcludedFilter = '' | 'yes' | 'no';

export interface ProposalFilter {
  customerId?: string;
  collectorId?: string;
  /** The day the proposal runs to (inclusive), as typed in the form; empty: the default horizon. */
  untilDate: string;
  /** The instant sent to dunning. */
  until: string;
  excluded: ExcludedFilter;
  page: number;
}

const trimmed = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * The filter from the query string. `until` is a day read in UTC, inclusive (up to the next midnight);
 * a missing, malformed or past day falls back to now + 7 days, so the page always answers.
 */
export function parseProposalFilter(query: Record<string, unknown>, now: Date): ProposalFilter {
  const excludedRaw = trimmed(query.excluded);
  const excluded: ExcludedFilter = excludedRaw === 'yes' || excludedRaw === 'no' ? excludedRaw : '';
  const pageRaw = Number(trimmed(query.page) ?? '1');
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const fallback = new Date(now.getTime() + DEFAULT_HORIZON_DAYS * 86_400_000);
  let until = fallback;
  let untilDate = '';
  const typed = trimmed(query.until);
  if (typed) {
    try {
      const next = startOfDayIn(typed, 'UTC');
      next.setUTCDate(next.getUTCDate() + 1);
      if (next.getTime() > now.getTime()) {
        until = next;
        untilDate = typed;
      }
    } catch {
      // A malformed day: the default horizon.
    }
  }
  const customerId = trimmed(query.customerId);
  const collectorId = trimmed(query.collectorId);
  return {
    ...(customerId ? { customerId } : {}),
    ...(collectorId ? { collectorId } : {}),
    untilDate: untilDate || fallback.toISOString().slice(0, 10),
    until: until.toISOString(),
    excluded,
    page,
  };
}

export interface ProposalPage {
  items: ProposalItem[];
  counts: { all: number; excluded: number; going: number };
  page: number;
  pages: number;
}

/** Filters on exclusion, orders by due time (then customer, currency, step), and cuts one page. */
export function proposalPage(items: readonly ProposalItem[], filter: ProposalFilter): ProposalPage {
  const excludedCount = items.filter((item) => item.excluded).length;
  const kept = items
    .filter((item) =>
      filter.excluded === 'yes' ? item.excluded : filter.excluded === 'no' ? !item.excluded : true,
    )
    .sort(
      (a, b) =>
        Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
        a.customerId.localeCompare(b.customerId) ||
        a.currency.localeCompare(b.currency) ||
        a.step.localeCompare(b.step),
    );
  const pages = Math.max(1, Math.ceil(kept.length / PROPOSAL_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  return {
    items: kept.slice((page - 1) * PROPOSAL_PAGE_SIZE, page * PROPOSAL_PAGE_SIZE),
    counts: { all: items.length, excluded: excludedCount, going: items.length - excludedCount },
    page,
    pages,
  };
}

/** The query string of a proposal page, keeping the filter (for paging and the form). */
export function proposalQuery(filter: ProposalFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.customerId) params.set('customerId', filter.customerId);
  if (filter.collectorId) params.set('collectorId', filter.collectorId);
  params.set('until', filter.untilDate);
  if (filter.excluded) params.set('excluded', filter.excluded);
  params.set('page', String(page));
  return params.toString();
}

/** Days a due date is past `now` (0 when not yet due), as the notice prints it. */
export function daysOverdue(dueDate: string, now: Date): number {
  const due = /^\d{4}-\d{2}-\d{2}$/.test(dueDate) ? startOfDayIn(dueDate, 'UTC') : new Date(dueDate);
  return Math.max(0, Math.floor((now.getTime() - due.getTime()) / 86_400_000));
}
