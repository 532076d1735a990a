import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Ports the test processes listen on are drawn from below the range the kernel hands out to outgoing
// connections: a port the OS picked with listen(0) comes from that range, and between picking it and a
// child process listening on it (seconds to a minute on a loaded machine) a client connection could take
// it as its local port. A restarted replica then met EADDRINUSE again and again.
const LISTEN_PORTS_FROM = 10_000;

/** The kernel's range for outgoing connections' local ports (Linux), or undefined elsewhere. */
function ephemeralRange(): [number, number] | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return [Number(low), Number(high)];
  } catch {
    return undefined;
  }
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port nothing listens on right now, outside the range of outgoing connections' local ports
 * when that range leaves room below it (else one the OS picks).
 */
export async function freePort(): Promise<number> {
  const range = ephemeralRange();
  const below = range ? range[0] - LISTEN_PORTS_FROM : 0;
  if (below >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = await listenOn(LISTEN_PORTS_FROM + Math.floor(Math.random() * below));
      if (port !== undefined) return port;
    }
  }
  const port = await listenOn(0);
  if (port === undefined) throw new Error('no free TCP port');
  return port;
}
