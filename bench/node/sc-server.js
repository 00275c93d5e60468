// Stock socketcluster-server with its default settings (protocol 2, path /socketcluster/,
// clients may publish), on 127.0.0.1:<port>. The benchmark's reference for the relay.
// On SIGUSR2 it prints its live heap (after a collection when node runs with --expose-gc).
'use strict';
const http = require('http');
const socketClusterServer = require('socketcluster-server');

const port = Number(process.argv[2]);
const httpServer = http.createServer();
socketClusterServer.attach(httpServer);
process.on('SIGUSR2', () => {
  if (global.gc) global.gc();
  console.log('heapUsed=' + process.memoryUsage().heapUsed);
});
httpServer.listen(port, '127.0.0.1', () => console.log('listening on ' + port));
