package dev.berth.api.http;

import dev.berth.api.types.ApiVersion;
import dev.berth.common.error.BerthException;
import dev.berth.core.system.ApiVersions;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Version gate, routing and error mapping for one request. Errors are logged once, here: 4xx at
 * debug, 5xx at error.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9]+(?:\\.[0-9]+)*)(/.*)$");

    private final Router router;

    public ApiDispatcher(Router router) {
        this.router = router;
    }

    /** Splits {@code /v1.44/images/json} into version and path; rejects versions outside our range. */
    static String[] splitVersion(String rawPath) {
        Matcher m = VERSIONED.matcher(rawPath);
        if (!m.matches()) return new String[] {ApiVersions.CURRENT, rawPath};
        String version = m.group(1);
        if (ApiVersion.compare(version, ApiVersions.MIN) < 0) {
            throw new BerthException.InvalidArgument("client version " + version
                + " is too old. Minimum supported API version is " + ApiVersions.MIN
                + ", please upgrade your client to a newer version");
        }
        if (ApiVersion.compare(version, ApiVersions.CURRENT) > 0) {
            throw new BerthException.InvalidArgument("client version " + version
                + " is too new. Maximum supported API version is " + ApiVersions.CURRENT);
        }
        return new String[] {version, m.group(2)};
    }

    public void dispatch(ApiRequest request, HttpResponder response) {
        LOG.debug("Calling {} {}", request.method(), request.path()); // dockerd's debug line, to follow a client's requests
        try {
            String[] vp = splitVersion(request.path());
            var match = router.match(request.method(), vp[1]);
            if (match == null) throw new BerthException.NotFound("page not found");
            var routed = new ApiRequest(request.method(), vp[1], vp[0], request.query(), match.params(),
                request.headers(), request.body());
            match.handler().handle(routed, response);
        } catch (Throwable e) {
            fail(request, response, e);
        }
    }

    private static void fail(ApiRequest request, HttpResponder response, Throwable e) {
        HttpResponseStatus status = ErrorStatus.of(e);
        String message = ErrorStatus.message(e);
        if (status.code() >= 500 && !(e instanceof BerthException.NotImplemented || e instanceof BerthException.Unavailable)) {
            LOG.error("{} {}: {}", request.method(), request.path(), message, e);
        } else if (status.code() >= 500) {
            LOG.warn("{} {}: {} {}", request.method(), request.path(), status.code(), message);
        } else {
            LOG.debug("{} {}: {} {}", request.method(), request.path(), status.code(), message);
        }
        if (response.committed()) return; // a streaming route reports inside its own stream
        if (response.clientGone()) return;
        Json.send(response, status, new dev.berth.api.types.ErrorResponse(message));
    }
}
