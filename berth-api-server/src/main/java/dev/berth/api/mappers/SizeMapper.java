package dev.berth.api.mappers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Json;

/**
 * Adds {@code SizeRw} and {@code SizeRootFs} to a container summary or inspect view. Both are
 * optional in dockerd's types (omitted unless {@code size=1}), so they are added to the encoded
 * view instead of widening every view record.
 */
public final class SizeMapper {
    private SizeMapper() {}

    public static ObjectNode withSizes(Object view, long sizeRw, long sizeRootFs) {
        ObjectNode node = Json.MAPPER.valueToTree(view);
        node.put("SizeRw", sizeRw);
        node.put("SizeRootFs", sizeRootFs);
        return node;
    }
}
