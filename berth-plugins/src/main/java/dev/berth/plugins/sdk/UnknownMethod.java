package dev.berth.plugins.sdk;

/** A path this server does not serve: 404, so the engine knows the method is not implemented. */
final class UnknownMethod extends RuntimeException {
    UnknownMethod(String path) { super("unknown method " + path); }
}
