// Makes an API key: prints the key once (give it to the caller) and the entry for API_KEYS_FILE,
// which holds only its SHA-256.
//   node scripts/new-api-key.ts --name erp-sap --scopes erp:write
//   node scripts/new-api-key.ts --name col-1 --scopes collector --collector col-1
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ApiKeyEntry, sha256Hex } from '@dunning/service-runtime';

const { values } = parseArgs({
  options: { name: { type: 'string' }, scopes: { type: 'string' }, collector: { type: 'string' } },
});
const key = randomBytes(24).toString('base64url');
const entry = ApiKeyEntry.safeParse({
  name: values.name,
  sha256: sha256Hex(key),
  scopes: values.scopes?.split(',').map((scope) => scope.trim()),
  ...(values.collector ? { collectorId: values.collector } : {}),
});
if (!entry.success) {
  console.error('usage: --name <who> --scopes erp:write|collector|ops:read|admin[,...] [--collector <id>]');
  console.error(entry.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n'));
  process.exit(2);
}
console.log(`key (shown once): ${key}`);
console.log(`entry for API_KEYS_FILE: ${JSON.stringify(entry.data)}`);
