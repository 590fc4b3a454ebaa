package dev.berth.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.common.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;

/** The API's JSON codec: unknown inbound fields are ignored, as Go's decoder does. */
public final class Json {
    /** Request bodies larger than this are refused rather than buffered. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(MAX_REQUEST_BYTES).build());
    }

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new BerthException.Internal("cannot encode response: " + e.getMessage(), e);
        }
    }

    public static void send(HttpResponder response, HttpResponseStatus status, Object value) {
        byte[] body = bytes(value);
        byte[] withNewline = new byte[body.length + 1];
        System.arraycopy(body, 0, withNewline, 0, body.length);
        withNewline[body.length] = '\n';
        response.send(status, "application/json", withNewline, null);
    }

    public static void ok(HttpResponder response, Object value) {
        send(response, HttpResponseStatus.OK, value);
    }

    /** Reads a JSON request body of at most {@link #MAX_REQUEST_BYTES}; empty body → null. */
    public static <T> T read(InputStream body, Class<T> type) {
        try {
            byte[] data = body.readNBytes(MAX_REQUEST_BYTES + 1);
            if (data.length > MAX_REQUEST_BYTES) {
                throw new BerthException.InvalidArgument("request body too large: more than " + MAX_REQUEST_BYTES + " bytes");
            }
            if (data.length == 0) return null;
            return MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new BerthException.InvalidArgument("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("cannot read request body: " + e.getMessage(), e);
        }
    }
}
