package dev.pfs.browser.idb;

import dev.pfs.browser.js.PromiseRejection;
import dev.pfs.browser.js.Promises;
import java.util.Objects;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSPromise;

/**
 * A small binding of the browser's IndexedDB: one database of key-value object stores, each call
 * its own transaction. Values are anything structured clone takes, CryptoKeys included (a
 * non-extractable key stays non-extractable in storage).
 *
 * <p>Writes wait for the transaction's {@code complete} event, so a returned write is durable.
 * Every method suspends the calling TeaVM thread; failures keep the DOMException name.
 */
public final class IndexedDb {
    private final JSObject database;

    private IndexedDb(JSObject database) {
        this.database = database;
    }

    /**
     * Opens (creating or upgrading as needed) the database with the given object stores.
     *
     * @param version raise it whenever the list of stores changes
     */
    public static IndexedDb open(String name, int version, String... stores)
            throws PromiseRejection {
        Objects.requireNonNull(name, "name");
        JSArray<String> storeNames = JSArray.of(stores);
        return new IndexedDb(Promises.await(openDatabase(name, version, storeNames)));
    }

    /** Deletes the whole database; waits until no open connection blocks it. */
    public static void delete(String name) throws PromiseRejection {
        Promises.await(deleteDatabase(name));
    }

    /** Closes this connection (needed before {@link #delete} can finish). */
    public void close() {
        closeDatabase(database);
    }

    /** The value under the key, or null. */
    public JSObject get(String store, String key) throws PromiseRejection {
        JSObject value = Promises.await(request(database, store, "readonly", "get", key, null));
        return isMissing(value) ? null : value;
    }

    /** Every value of the store, in key order. */
    public JSArray<JSObject> getAll(String store) throws PromiseRejection {
        return Promises.await(request(database, store, "readonly", "getAll", null, null)).cast();
    }

    public void put(String store, String key, JSObject value) throws PromiseRejection {
        Objects.requireNonNull(value, "value");
        Promises.await(request(database, store, "readwrite", "put", key, value));
    }

    public void remove(String store, String key) throws PromiseRejection {
        Promises.await(request(database, store, "readwrite", "delete", key, null));
    }

    /** Empties every listed store in one transaction: all of them or none. */
    public void clear(String... stores) throws PromiseRejection {
        Promises.await(clearStores(database, JSArray.of(stores)));
    }

    @JSBody(params = "value", script = "return value === undefined || value === null;")
    private static native boolean isMissing(JSObject value);

    @JSBody(params = {"name", "version", "stores"}, script = ""
            + "return new Promise(function(resolve, reject) {"
            + "  var open = indexedDB.open(name, version);"
            + "  open.onupgradeneeded = function() {"
            + "    var db = open.result;"
            + "    stores.forEach(function(store) {"
            + "      if (!db.objectStoreNames.contains(store)) { db.createObjectStore(store); }"
            + "    });"
            + "  };"
            + "  open.onsuccess = function() { resolve(open.result); };"
            + "  open.onerror = function() { reject(open.error); };"
            + "  open.onblocked = function() {"
            + "    reject(new DOMException('another tab holds an older version open',"
            + "        'VersionError'));"
            + "  };"
            + "});")
    private static native JSPromise<JSObject> openDatabase(String name, int version,
            JSArray<String> stores);

    @JSBody(params = "name", script = ""
            + "return new Promise(function(resolve, reject) {"
            + "  var request = indexedDB.deleteDatabase(name);"
            + "  request.onsuccess = function() { resolve(undefined); };"
            + "  request.onerror = function() { reject(request.error); };"
            + "});")
    private static native JSPromise<JSObject> deleteDatabase(String name);

    @JSBody(params = "db", script = "db.close();")
    private static native void closeDatabase(JSObject db);

    /** One request in its own transaction; resolves with its result once that is complete. */
    @JSBody(params = {"db", "store", "mode", "method", "key", "value"}, script = ""
            + "return new Promise(function(resolve, reject) {"
            + "  var tx = db.transaction(store, mode);"
            + "  var objects = tx.objectStore(store);"
            + "  var request = method === 'put' ? objects.put(value, key)"
            + "      : key === null ? objects[method]() : objects[method](key);"
            + "  var result;"
            + "  request.onsuccess = function() { result = request.result; };"
            + "  tx.oncomplete = function() { resolve(result); };"
            + "  tx.onerror = function() { reject(tx.error || request.error); };"
            + "  tx.onabort = function() {"
            + "    reject(tx.error || new DOMException('transaction aborted', 'AbortError'));"
            + "  };"
            + "});")
    private static native JSPromise<JSObject> request(JSObject db, String store, String mode,
            String method, String key, JSObject value);

    @JSBody(params = {"db", "stores"}, script = ""
            + "return new Promise(function(resolve, reject) {"
            + "  var tx = db.transaction(stores, 'readwrite');"
            + "  stores.forEach(function(store) { tx.objectStore(store).clear(); });"
            + "  tx.oncomplete = function() { resolve(undefined); };"
            + "  tx.onerror = function() { reject(tx.error); };"
            + "  tx.onabort = function() {"
            + "    reject(tx.error || new DOMException('transaction aborted', 'AbortError'));"
            + "  };"
            + "});")
    private static native JSPromise<JSObject> clearStores(JSObject db, JSArray<String> stores);
}
