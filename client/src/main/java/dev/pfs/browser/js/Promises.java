package dev.pfs.browser.js;

import org.teavm.interop.Async;
import org.teavm.interop.AsyncCallback;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * Waiting for a JavaScript promise from Java code that runs on a TeaVM thread.
 *
 * <p>Written by hand rather than with {@code JSPromise.await()} because that one loses the
 * rejection's {@code name}, and WebCrypto reports its outcomes only through it.
 */
public final class Promises {
    private Promises() {
    }

    /**
     * Suspends the calling TeaVM thread until the promise settles and returns its value (a
     * non-object value such as {@code undefined} or a boolean comes back as it is; read it with
     * {@link Js}).
     *
     * <p>Must run on a TeaVM thread: called from a JavaScript event handler it fails with
     * "Suspension point reached from non-threading context".
     *
     * @throws PromiseRejection when the promise is rejected
     */
    @Async
    public static native JSObject await(JSPromise<? extends JSObject> promise)
            throws PromiseRejection;

    private static void await(JSPromise<? extends JSObject> promise,
            AsyncCallback<JSObject> callback) {
        settle(promise, callback::complete,
                (name, message) -> callback.error(new PromiseRejection(name, message)));
    }

    @JSBody(params = {"promise", "onValue", "onError"}, script = ""
            + "promise.then(function(value) { onValue(value); }, function(error) {"
            + "  var name = error && error.name ? String(error.name) : 'Error';"
            + "  var message = error && error.message ? String(error.message) : String(error);"
            + "  onError(name, message);"
            + "});")
    private static native void settle(JSPromise<? extends JSObject> promise, ValueHandler onValue,
            ErrorHandler onError);

    @JSFunctor
    private interface ValueHandler extends JSObject {
        void accept(JSObject value);
    }

    @JSFunctor
    private interface ErrorHandler extends JSObject {
        void accept(String name, String message);
    }
}
