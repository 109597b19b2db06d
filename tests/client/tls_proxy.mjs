// The TLS endpoint of the client's HTTPS tests (client.https): a terminator
// in front of a plain zhixing-server, as nginx is in production. For each
// certificate NAME it listens on a free port of 127.0.0.1 with DIR/NAME.pem
// and DIR/NAME.key, and pipes every connection whose handshake succeeded to
// 127.0.0.1:--to. A refused handshake never reaches the server.
//
// Once every port listens it prints one JSON line, {"NAME": port, …}, and
// from then on one line "upstream NAME" for each connection it forwards. It
// exits when its stdin closes, so a test that dies leaves nothing running.
//
//   node tests/client/tls_proxy.mjs --to PORT --cert-dir DIR --names good,other
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../support/args.mjs';

const args = parseArgs({
  program: 'node tests/client/tls_proxy.mjs',
  summary: 'A TLS terminator on 127.0.0.1 for each named certificate, forwarding to a plain server.',
  options: {
    to: { value: 'PORT', type: 'int', min: 1, max: 65535, required: true, help: 'the plain server\'s port on 127.0.0.1' },
    'cert-dir': { value: 'DIR', required: true, help: 'folder of NAME.pem (certificate chain) and NAME.key' },
    names: { value: 'NAME,...', required: true, help: 'the certificates to serve, one port each' },
  },
});

function serve(name) {
  const server = tls.createServer({
    cert: readFileSync(join(args.certDir, `${name}.pem`)),
    key: readFileSync(join(args.certDir, `${name}.key`)),
  }, (client) => {
    const upstream = net.connect(args.to, '127.0.0.1');
    process.stdout.write(`upstream ${name}\n`);
    client.pipe(upstream).pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
  });
  // A client refusing the certificate aborts the handshake: expected here.
  server.on('tlsClientError', () => {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve([name, server.address().port]));
  });
}

const ports = Object.fromEntries(await Promise.all(args.names.split(',').map(serve)));
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
