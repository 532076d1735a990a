import { ErpEvent, toMinorUnits } from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { customerKey, simulate } from '../src/index.ts';

const options = { customers: 60, months: 6, seed: 7, startDate: '2026-01-05' };

describe('simulate', () => {
  const events = simulate(options);

  it('is deterministic for a seed and differs for another', () => {
    expect(simulate(options)).toEqual(events);
    expect(simulate({ ...options, seed: 8 })).not.toEqual(events);
  });

  it('produces only events that satisfy the ERP contract, with unique ids, ordered by day', () => {
    for (const { event } of events) expect(ErpEvent.safeParse(event).success).toBe(true);
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
    const days = events.map((e) => e.day);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  it('keys every event by its customer, and introduces each customer before its invoices', () => {
    const known = new Set<string>();
    for (const { event } of events) {
      const key = customerKey(event);
      if (event.type === 'erp.customer.upserted') known.add(key);
      else expect(known.has(key), `${event.type} for an unknown customer ${key}`).toBe(true);
    }
    expect(known.size).toBe(options.customers);
  });

  it('never pays more than was invoiced, per customer and currency', () => {
    const owed = new Map<string, bigint>();
    for (const { event } of events) {
      const key = customerKey(event);
      const data = event.data as { amount?: string; currency?: string };
      if (event.type === 'erp.invoice.issued') {
        owed.set(key, (owed.get(key) ?? 0n) + toMinorUnits(data.amount!, data.currency!));
      }
      if (event.type === 'erp.payment.received' || event.type === 'erp.credit-note.issued') {
        owed.set(key, (owed.get(key) ?? 0n) - toMinorUnits(data.amount!, data.currency!));
      }
    }
    for (const [customer, balance] of owed) expect(balance >= 0n, customer).toBe(true);
  });

  it('mixes the behaviours of a real portfolio', () => {
    const count = (type: string) => events.filter((e) => e.event.type === type).length;
    expect(count('erp.invoice.issued')).toBeGreaterThan(options.customers * options.months);
    expect(count('erp.payment.received')).toBeGreaterThan(count('erp.invoice.issued') * 0.6);
    expect(count('erp.dispute.opened')).toBeGreaterThan(0);
    expect(count('erp.dispute.resolved')).toBe(count('erp.dispute.opened'));
    expect(count('erp.credit-note.issued')).toBeGreaterThan(0);
    const unapplied = events.filter(
      (e) => e.event.type === 'erp.payment.received' && 'customerId' in (e.event.data as object),
    );
    expect(unapplied.length).toBeGreaterThan(0);
  });

  it('lets a defaulting customer stop paying', () => {
    const many = simulate({ ...options, customers: 300 });
    const paid = new Set<string>();
    const invoiced = new Map<string, number>();
    for (const { event } of many) {
      const key = customerKey(event);
      if (event.type === 'erp.invoice.issued') invoiced.set(key, (invoiced.get(key) ?? 0) + 1);
      if (event.type === 'erp.payment.received') paid.add((event.data as { paymentId: string }).paymentId);
    }
    const customersWithUnpaidInvoices = [...invoiced.keys()].filter((customer) => {
      const invoices = invoiced.get(customer)!;
      const payments = [...paid].filter((id) => id.startsWith(`${customer}-`)).length;
      return payments < invoices / 2;
    });
    expect(customersWithUnpaidInvoices.length).toBeGreaterThan(0);
  });
});
