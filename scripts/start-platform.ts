// `npm start`: the four services and the console, their merged logs, their URLs once ready; Ctrl-C stops them.

import { consoleApp, platformServices, startedByNpmStart } from '@dunning/platform-manifest';
import { adminApiKey } from './admin-api-key.ts';
import { consoleCredentials } from './console-credentials.ts';
import { startPlatform } from './platform-supervisor.ts';

const admin = adminApiKey(process.env);
const console_ = consoleCredentials(process.env);
const platform = startPlatform({
  env: {
    ...process.env,
    ADMIN_API_KEY: admin.key,
    API_KEYS_FILE: console_.apiKeysFile,
    CONSOLE_API_KEY: console_.apiKey,
    CONSOLE_ADMIN_USER: console_.adminUser,
    CONSOLE_ADMIN_PASSWORD: console_.adminPassword,
  },
  log: (line) => console.log(line),
  processes: startedByNpmStart,
});

const shutDown = async (code: number) => {
  console.log('stopping services...');
  await platform.stop();
  console.log('all services stopped. Kafka keeps running for the next start; `npm run infra:down` stops it.');
  process.exit(code);
};
process.on('SIGINT', () => void shutDown(0));
process.on('SIGTERM', () => void shutDown(0));
void platform.crashed.then(() => shutDown(1));

try {
  const seconds = await platform.ready;
  console.log(`\nThe dunning platform is ready (${seconds.toFixed(1)} s):`);
  for (const { name, port } of platformServices) {
    // The docs need an API key a browser cannot send: the console relays them to a signed-in ops user.
    console.log(
      `  ${name.padEnd(14)} http://127.0.0.1:${port}   docs: http://127.0.0.1:${consoleApp.port}/ops/relay/${name}/docs/`,
    );
  }
  console.log(
    admin.generated
      ? `\nAdmin API key (generated, kept in var/admin-api-key; set ADMIN_API_KEY to choose your own):\n  export ADMIN_API_KEY=${admin.key}`
      : '\nAdmin API key: the ADMIN_API_KEY you set.',
  );
  console.log('Every route but /health/* needs it: -H "Authorization: Bearer $ADMIN_API_KEY"');
  console.log(`\nThe console: http://127.0.0.1:${consoleApp.port}  (collectors' worklists, ops dashboards)`);
  console.log(
    console_.passwordGenerated
      ? `  sign in as ${console_.adminUser} with the generated password ${console_.adminPassword}\n  (kept in var/console-admin-password; set CONSOLE_ADMIN_PASSWORD to choose your own)`
      : `  sign in as ${console_.adminUser} with the CONSOLE_ADMIN_PASSWORD you set`,
  );
  console.log(
    `  API docs and queue boards open in the browser from its platform page (${consoleApp.port}/ops/platform).`,
  );
  console.log('Press Ctrl-C to stop.\n');
} catch (error) {
  console.error((error as Error).message);
  await shutDown(1);
}
