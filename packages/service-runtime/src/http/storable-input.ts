import { findUnstorableText } from '@dunning/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';

const pointer = (path: (string | number)[]) =>
  path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

/**
 * The zod validator, preceded by a check every route gets: no string or key of the request part may
 * hold text PostgreSQL cannot store (NUL, lone surrogates). Such input is the client's mistake and
 * gets a 400 naming the field, instead of failing in the database as a 500.
 */
export const storableValidatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = validatorCompiler(route);
  return (data: unknown) => {
    const unstorable = findUnstorableText(data);
    if (unstorable.length === 0) return validate(data);
    return {
      error: unstorable.map(({ path, message }) => ({
        keyword: 'storable',
        instancePath: pointer(path),
        schemaPath: '#',
        params: {},
        message,
      })),
    };
  };
};
