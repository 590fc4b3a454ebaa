package dev.berth.image.registry;

import dev.berth.core.image.Progress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records progress as {@code "id: status"} lines (bytes as {@code "id: status n/total"}). */
final class RecordingProgress implements Progress {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> aux = new CopyOnWriteArrayList<>();

    @Override public void status(String id, String status) { lines.add(id == null ? status : id + ": " + status); }

    @Override public void bytes(String id, String status, long current, long total) {
        lines.add(id + ": " + status + " " + current + "/" + total);
    }

    @Override public void stream(String text) { lines.add(text); }

    @Override public void aux(Map<String, Object> value) { aux.add(value); }
}
