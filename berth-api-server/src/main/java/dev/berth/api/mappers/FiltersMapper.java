package dev.berth.api.mappers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Json;
import dev.berth.common.error.BerthException;
import dev.berth.core.filter.Filters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the {@code filters} query parameter. Clients send {@code {"key":{"value":true}}};
 * API versions before 1.22 sent {@code {"key":["value"]}}; both are accepted as dockerd does.
 */
public final class FiltersMapper {
    private FiltersMapper() {}

    public static Filters parse(String json) {
        if (json == null || json.isBlank()) return Filters.NONE;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BerthException.InvalidArgument("invalid filter: " + e.getOriginalMessage());
        }
        if (!root.isObject()) throw new BerthException.InvalidArgument("invalid filter: expected a JSON object");
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (var field : root.properties()) {
            List<String> list = new ArrayList<>();
            JsonNode v = field.getValue();
            if (v.isObject()) {
                for (var entry : v.properties()) if (entry.getValue().asBoolean(true)) list.add(entry.getKey());
            } else if (v.isArray()) {
                for (JsonNode item : v) list.add(item.asText());
            } else {
                throw new BerthException.InvalidArgument("invalid filter: values of '" + field.getKey() + "' must be an object");
            }
            values.put(field.getKey(), list);
        }
        return new Filters(values);
    }
}
