import type pg from 'pg';
import { z } from 'zod';
import { insertUser } from '../db/users.queries.ts';
import { locales } from '../i18n/messages.ts';
import { hashPassword } from './passwords.ts';

export const NewUser = z
  .object({
    username: z.string().regex(/^[a-z0-9._-]{1,64}$/),
    password: z.string().min(12).max(200),
    role: z.enum(['collector', 'ops', 'admin']),
    collectorId: z.string().min(1).max(100).optional(),
    locale: z.enum(locales).default('en'),
  })
  .refine((user) => (user.role === 'collector') === (user.collectorId !== undefined), {
    path: ['collectorId'],
    message: 'a collector needs a collector id; others have none',
  });
export type NewUser = z.input<typeof NewUser>;

/** Adds a user with an Argon2id hash of the password; 'taken' when the name exists. */
export async function addUser(pool: pg.Pool, user: NewUser): Promise<'added' | 'taken'> {
  const parsed = NewUser.parse(user);
  const added = await insertUser(pool, {
    username: parsed.username,
    password_hash: await hashPassword(parsed.password),
    role: parsed.role,
    collector_id: parsed.collectorId ?? null,
    locale: parsed.locale,
  });
  return added ? 'added' : 'taken';
}
