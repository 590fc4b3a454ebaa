package dev.berth.common.error;

/**
 * The one error taxonomy of Berth. Every failure that crosses a layer boundary is one of these
 * kinds; the API server maps the kind to an HTTP status in exactly one place. Classify at the
 * source: the code that knows a thing is missing throws {@link NotFound}, never a generic error.
 */
public abstract sealed class BerthException extends RuntimeException {

    protected BerthException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The named object does not exist (HTTP 404). */
    public static final class NotFound extends BerthException {
        public NotFound(String message) { super(message, null); }
    }

    /** The request is malformed or names impossible values (HTTP 400). */
    public static final class InvalidArgument extends BerthException {
        public InvalidArgument(String message) { super(message, null); }
        public InvalidArgument(String message, Throwable cause) { super(message, cause); }
    }

    /** The request clashes with the current state, e.g. a name in use (HTTP 409). */
    public static final class Conflict extends BerthException {
        public Conflict(String message) { super(message, null); }
    }

    /** Nothing to do: the object is already in the requested state (HTTP 304). */
    public static final class NotModified extends BerthException {
        public NotModified(String message) { super(message, null); }
    }

    /** Credentials missing or rejected (HTTP 401). */
    public static final class Unauthorized extends BerthException {
        public Unauthorized(String message) { super(message, null); }
        public Unauthorized(String message, Throwable cause) { super(message, cause); }
    }

    /** Authenticated but not allowed (HTTP 403). */
    public static final class Forbidden extends BerthException {
        public Forbidden(String message) { super(message, null); }
    }

    /** A dependency (registry, plugin, runtime) is down or timed out (HTTP 503). */
    public static final class Unavailable extends BerthException {
        public Unavailable(String message) { super(message, null); }
        public Unavailable(String message, Throwable cause) { super(message, cause); }
    }

    /** The feature exists in Docker's API but not (yet) in Berth (HTTP 501). */
    public static final class NotImplemented extends BerthException {
        public NotImplemented(String message) { super(message, null); }
    }

    /** Everything else: a bug or an unexpected system failure (HTTP 500). */
    public static final class Internal extends BerthException {
        public Internal(String message) { super(message, null); }
        public Internal(String message, Throwable cause) { super(message, cause); }
    }
}
