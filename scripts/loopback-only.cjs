// Preloaded into tools that try to reach the internet on their own (Electronegativity fetches translations
// and Electron's release list). Tests here may talk to loopback addresses only, so every DNS lookup or
// connection to anything else fails at once, before a packet leaves the machine.
const dns = require('node:dns');
const net = require('node:net');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const refuse = (host) => Object.assign(new Error(`network access to ${host} is disabled in tests`), { code: 'ENETUNREACH' });

const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!LOOPBACK.has(hostname)) return process.nextTick(() => cb(refuse(hostname)));
  return lookup.apply(this, arguments);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { host: args[1] };
  const host = options && (options.host ?? options.hostname);
  if (options && options.path === undefined && host !== undefined && !LOOPBACK.has(host) && !/^127\./.test(host)) {
    process.nextTick(() => this.destroy(refuse(host)));
    return this;
  }
  return connect.apply(this, args);
};
