// `npm start`: the four services, their merged logs, their URLs once ready; Ctrl-C stops them.

import { platformServices } from '@dunning/platform-manifest';
import { adminApiKey } from './admin-api-key.ts';
import { startPlatform } from './platform-supervisor.ts';

const admin = adminApiKey(process.env);
const platform = startPlatform({
  env: { ...process.env, ADMIN_API_KEY: admin.key },
  log: (line) => console.log(line),
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
    console.log(`  ${name.padEnd(14)} http://127.0.0.1:${port}   docs: http://127.0.0.1:${port}/docs`);
  }
  console.log(
    admin.generated
      ? `\nAdmin API key (generated, kept in var/admin-api-key; set ADMIN_API_KEY to choose your own):\n  export ADMIN_API_KEY=${admin.key}`
      : '\nAdmin API key: the ADMIN_API_KEY you set.',
  );
  console.log('Every route but /health/* needs it: -H "Authorization: Bearer $ADMIN_API_KEY"');
  console.log('Press Ctrl-C to stop.\n');
} catch (error) {
  console.error((error as Error).message);
  await shutDown(1);
}
