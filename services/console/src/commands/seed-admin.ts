import type { Logger } from '@dunning/service-runtime';
import type pg from 'pg';
import type { ConsoleConfig } from '../config.ts';
import { findUser } from '../db/users.queries.ts';
import { addUser } from './add-user.ts';

/**
 * The first admin, CONSOLE_ADMIN_USER with CONSOLE_ADMIN_PASSWORD, created when no user of that name
 * exists; an existing user's password is never changed here (that would let anyone who can set the
 * environment take the account over silently).
 */
export async function seedAdmin(pool: pg.Pool, config: ConsoleConfig, logger: Logger): Promise<void> {
  if (!config.CONSOLE_ADMIN_PASSWORD) return;
  if (await findUser(pool, config.CONSOLE_ADMIN_USER)) return;
  await addUser(pool, {
    username: config.CONSOLE_ADMIN_USER,
    password: config.CONSOLE_ADMIN_PASSWORD,
    role: 'admin',
  });
  logger.info({ username: config.CONSOLE_ADMIN_USER }, 'first console admin created');
}
