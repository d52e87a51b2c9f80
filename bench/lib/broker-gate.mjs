// W5's gate: the server under test logs in to RabbitMQ as a user of its own that has no permissions
// yet, so every connection attempt is refused at `connection.open` ("access to vhost refused"), which
// the product and the baseline both treat as an unreachable broker and retry. The bench meanwhile
// connects the sockets and queues the backlog as guest; open() grants the permissions and the
// server's next retry connects, declares its queue and consumes: the product's normal start path,
// straight to RabbitMQ (no proxy in the data path).
//
// Needs `rabbitmqctl` for the broker at AMQP_URL (about 0.8 s per call); RABBITMQCTL overrides the
// command, e.g. RABBITMQCTL="docker exec rabbitmq rabbitmqctl".
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const ctlCommand = () => (process.env.RABBITMQCTL || 'rabbitmqctl').split(/\s+/).filter(Boolean);

function ctl(args, timeoutMs = 30_000) {
  const [cmd, ...pre] = ctlCommand();
  return new Promise((resolve, reject) => {
    execFile(cmd, [...pre, ...args], { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args[0]} failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/**
 * A closed gate: { url, user, create(), open(), remove() }. The server may be started with `url`
 * before create() has finished (an unknown user is refused at login, just as well).
 */
export function brokerGate(amqpUrl) {
  const user = `bench-gate-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const u = new URL(amqpUrl);
  const vhost = decodeURIComponent(u.pathname.slice(1)) || '/';
  u.username = user;
  u.password = password;
  return {
    user,
    url: u.toString(),
    /** Adds the user, without permissions. */
    create: () => ctl(['add_user', user, password]),
    /** Grants the permissions; resolves once rabbitmqctl has returned (the grant is in effect). */
    open: () => ctl(['set_permissions', '-p', vhost, user, '.*', '.*', '.*']),
    /** Deletes the user; safe to call more than once. */
    remove: () => ctl(['delete_user', user]).catch(() => {}),
  };
}
