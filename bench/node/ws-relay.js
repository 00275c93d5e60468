// A bare broadcast relay on the ws package: just enough of the SocketCluster protocol for the
// load generator (handshake, subscribe, publish, acks), no validation, no heartbeat. Each publish
// is serialised once and written to every subscriber: the near-limit reference for fan-out.
// On SIGUSR2 it prints its live heap (after a collection when node runs with --expose-gc).
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const channels = new Map();
const server = new WebSocketServer({ host: '127.0.0.1', port });

server.on('connection', (socket) => {
  const subscribed = new Set();
  socket.on('message', (raw) => {
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch (e) {
      return; // pongs and the like
    }
    if (frame.event === '#publish') {
      const out = JSON.stringify({ event: '#publish', data: frame.data });
      for (const subscriber of channels.get(frame.data.channel) || []) subscriber.send(out);
    } else if (frame.event === '#subscribe') {
      if (!channels.has(frame.data.channel)) channels.set(frame.data.channel, new Set());
      channels.get(frame.data.channel).add(socket);
      subscribed.add(frame.data.channel);
    } else if (frame.event === '#unsubscribe') {
      const members = channels.get(frame.data);
      if (members) members.delete(socket);
      subscribed.delete(frame.data);
    }
    if (frame.cid !== undefined) {
      const data = frame.event === '#handshake'
        ? { id: String(frame.cid), pingTimeout: 20000, isAuthenticated: false } : undefined;
      socket.send(JSON.stringify({ rid: frame.cid, data }));
    }
  });
  socket.on('close', () => {
    for (const channel of subscribed) {
      const members = channels.get(channel);
      members.delete(socket);
      if (members.size === 0) channels.delete(channel);
    }
  });
});
process.on('SIGUSR2', () => {
  if (global.gc) global.gc();
  console.log('heapUsed=' + process.memoryUsage().heapUsed);
});
server.on('listening', () => console.log('listening on ' + port));
