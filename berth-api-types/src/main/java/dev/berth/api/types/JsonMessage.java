package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One message of a progress stream (pull, push, load, import, build), as the docker CLI renders it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonMessage(
        @JsonProperty("stream") String stream,
        @JsonProperty("status") String status,
        @JsonProperty("progressDetail") ProgressDetail progressDetail,
        @JsonProperty("progress") String progress,
        @JsonProperty("id") String id,
        @JsonProperty("errorDetail") ErrorDetail errorDetail,
        @JsonProperty("error") String error,
        @JsonProperty("aux") Map<String, Object> aux) {

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record ProgressDetail(@JsonProperty("current") long current, @JsonProperty("total") long total) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record ErrorDetail(@JsonProperty("code") int code, @JsonProperty("message") String message) {}

    public static JsonMessage stream(String text) { return new JsonMessage(text, null, null, null, null, null, null, null); }

    public static JsonMessage status(String id, String status) { return new JsonMessage(null, status, null, null, id, null, null, null); }

    public static JsonMessage error(String message) {
        return new JsonMessage(null, null, null, null, null, new ErrorDetail(0, message), message, null);
    }

    /** An error with a code ({@code docker build} exits with the code of a failed RUN). */
    public static JsonMessage error(String message, int code) {
        return new JsonMessage(null, null, null, null, null, new ErrorDetail(code, message), message, null);
    }

    public static JsonMessage aux(Map<String, Object> aux) { return new JsonMessage(null, null, null, null, null, null, null, aux); }
}
