package dev.berth.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Process facts from /proc, for processes that are not our children (conmon, container init). */
final class ProcFs {
    private ProcFs() {}

    /** Alive and not a zombie: a reparented conmon may linger as a zombie until init reaps it. */
    static boolean alive(int pid) {
        if (pid <= 0) return false;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The parent pid, from /proc/&lt;pid&gt;/status. */
    static Optional<Integer> parent(int pid) {
        return statusField(pid, "PPid:").map(Integer::parseInt);
    }

    static Optional<String> statusField(int pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field)).map(l -> l.substring(field.length()).strip()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** NUL-separated argv joined with spaces, empty if the process is gone. */
    static String cmdline(int pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static Optional<Integer> readPid(Path pidFile) {
        try {
            String s = Files.readString(pidFile).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
