package dev.berth.core.system;

/** Facts about the engine for {@code /info} and {@code /version}. Thread-safe; cheap to call. */
public interface SystemService {
    SystemInfo info();

    VersionInfo version();
}
