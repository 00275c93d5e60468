'use strict';
// Runs the stock npm socketcluster-client against the relay. Two sockets: one subscribes, the
// other publishes; the subscriber must receive the published value unchanged, and a publish to
// an empty channel name must come back refused with the relay's error name. Then both sockets
// stay connected for holdMillis (to live through the relay's heartbeat) and must still be open.
// Prints one JSON line with what happened; exits 0 only if every check held.
//
// usage: node interop.js <14|20> <host> <port> [holdMillis]

const assert = require('assert');

const [, , version, host, port, holdArg] = process.argv;
const holdMillis = Number(holdArg || 0);
const channel = `interop-${version}-${process.pid}`;
const payload = { text: 'h\u00e9llo \u2713', numbers: [1, 2.5, -3], flags: [true, false, null],
    nested: { deeper: { deepest: {} } } };
const options = { hostname: host, port: Number(port), path: '/socketcluster/',
    autoReconnect: false };

const watchdog = setTimeout(() => finish(new Error('timed out')), 30000 + holdMillis);
const closes = []; // every close code the sockets report
let disconnecting = false;

/** A socket closed: fatal unless we are disconnecting at the end. */
function closed(code) {
    closes.push(code);
    if (!disconnecting) {
        finish(new Error(`a socket closed with code ${code}`));
    }
}

function finish(error, result) {
    clearTimeout(watchdog);
    if (error) {
        console.error(`socketcluster-client ${version}: ${error.stack || error}`);
        process.exit(1);
    }
    console.log(JSON.stringify(result));
    process.exit(0);
}

const hold = () => new Promise((resolve) => setTimeout(resolve, holdMillis));

async function client20() {
    const sc = require('socketcluster-client-20');
    const subscriber = sc.create({ ...options, protocolVersion: 2 });
    const publisher = sc.create({ ...options, protocolVersion: 2 });
    for (const socket of [subscriber, publisher]) {
        (async () => {
            for await (const { code } of socket.listener('close')) closed(code);
        })();
    }
    await Promise.all([subscriber.listener('connect').once(), publisher.listener('connect').once()]);
    const subscription = subscriber.subscribe(channel);
    await subscription.listener('subscribe').once();
    const received = (async () => {
        for await (const data of subscription) return data;
    })();
    await publisher.invokePublish(channel, payload);
    const data = await received;
    let refused = null;
    try {
        await publisher.invokePublish('', 1);
    } catch (error) {
        refused = error.name;
    }
    await hold();
    const states = [subscriber.state, publisher.state];
    const closedEarly = [...closes];
    disconnecting = true;
    subscriber.disconnect();
    publisher.disconnect();
    return { data, refused, states, closed: closedEarly };
}

function client14() {
    const sc = require('socketcluster-client-14');
    const settings = { ...options, multiplex: false };
    const subscriber = sc.create(settings);
    const publisher = sc.create(settings);
    return new Promise((resolve, reject) => {
        for (const socket of [subscriber, publisher]) {
            socket.on('close', (code) => closed(code));
            socket.on('error', () => {}); // reported through 'close'
        }
        let connected = 0;
        const bothConnected = () => {
            if (++connected < 2) return;
            const subscription = subscriber.subscribe(channel);
            subscription.watch((data) => {
                publisher.publish('', 1, (error) => {
                    const refused = error ? error.name : null;
                    hold().then(() => {
                        const states = [subscriber.state, publisher.state];
                        const closedEarly = [...closes];
                        disconnecting = true;
                        subscriber.disconnect();
                        publisher.disconnect();
                        resolve({ data, refused, states, closed: closedEarly });
                    });
                });
            });
            subscription.on('subscribe', () => {
                publisher.publish(channel, payload, (error) => error && reject(error));
            });
            subscription.on('subscribeFail', reject);
        };
        subscriber.on('connect', bothConnected);
        publisher.on('connect', bothConnected);
    });
}

(version === '14' ? client14() : client20()).then((result) => {
    assert.deepStrictEqual(result.data, payload);
    assert.strictEqual(result.refused, 'EmptyChannelNameError');
    assert.deepStrictEqual(result.states, ['open', 'open']);
    assert.deepStrictEqual(result.closed, []);
    finish(null, { version, ...result });
}, (error) => finish(error));
