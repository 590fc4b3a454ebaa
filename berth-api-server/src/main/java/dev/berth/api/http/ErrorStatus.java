package dev.berth.api.http;

import dev.berth.common.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The one place where an error kind becomes an HTTP status. */
public final class ErrorStatus {
    private ErrorStatus() {}

    public static HttpResponseStatus of(Throwable error) {
        if (!(error instanceof BerthException e)) return HttpResponseStatus.INTERNAL_SERVER_ERROR;
        return switch (e) {
            case BerthException.NotFound ignored -> HttpResponseStatus.NOT_FOUND;
            case BerthException.InvalidArgument ignored -> HttpResponseStatus.BAD_REQUEST;
            case BerthException.Conflict ignored -> HttpResponseStatus.CONFLICT;
            case BerthException.NotModified ignored -> HttpResponseStatus.NOT_MODIFIED;
            case BerthException.Unauthorized ignored -> HttpResponseStatus.UNAUTHORIZED;
            case BerthException.Forbidden ignored -> HttpResponseStatus.FORBIDDEN;
            case BerthException.Unavailable ignored -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case BerthException.NotImplemented ignored -> HttpResponseStatus.NOT_IMPLEMENTED;
            case BerthException.Internal ignored -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The message a client sees; unexpected exceptions keep their text but not their class noise. */
    public static String message(Throwable error) {
        String m = error.getMessage();
        return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
    }
}
