package dev.pfs.protocol;

/**
 * Test fixtures for {@code PortableCoreTest}: one class per thing the core must not use,
 * placed in a core package so that the rules apply to them. Only the rules' own tests import
 * them; the rules over the real code exclude test classes.
 */
final class PortabilityViolations {
    private PortabilityViolations() {
    }

    static final class UsesJavaSecurity {
        byte[] digest(byte[] data) throws java.security.NoSuchAlgorithmException {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        }
    }

    static final class UsesJavaxCrypto {
        Object cipher() throws Exception {
            return javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        }
    }

    static final class UsesAThread {
        void start(Runnable task) {
            new Thread(task).start();
        }
    }

    static final class UsesATimer {
        void later(java.util.TimerTask task) {
            new java.util.Timer().schedule(task, 1000);
        }
    }

    static final class UsesConcurrency {
        Object lock() {
            return new java.util.concurrent.locks.ReentrantLock();
        }
    }

    static final class WaitsOnAMonitor {
        void await(Object monitor) throws InterruptedException {
            synchronized (monitor) {
                monitor.wait();
            }
        }
    }

    static final class UsesReflection {
        Object make(String name) throws Exception {
            return Class.forName(name).getDeclaredConstructor().newInstance();
        }
    }
}
