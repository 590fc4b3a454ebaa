package dev.berth.image;

import dev.berth.core.image.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects stream and status messages. */
final class RecordingProgress implements Progress {
    final List<String> streams = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();

    @Override public synchronized void status(String id, String status) { statuses.add(status); }
    @Override public void bytes(String id, String status, long current, long total) {}
    @Override public synchronized void stream(String text) { streams.add(text); }
    @Override public void aux(Map<String, Object> aux) {}
}
