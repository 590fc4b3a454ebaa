package dev.berth.api.mappers;

import dev.berth.api.types.ExecCreateRequest;
import dev.berth.api.types.ExecInspectResponse;
import dev.berth.common.error.BerthException;
import dev.berth.core.container.ExecService;
import dev.berth.core.runtime.RuntimeSpec;
import java.util.List;

/** Wire ↔ domain for {@code docker exec}. */
public final class ExecMapper {
    private ExecMapper() {}

    public static ExecService.ExecConfig create(ExecCreateRequest r) {
        if (r == null) throw new BerthException.InvalidArgument("invalid JSON: request body is empty");
        if (r.cmd() == null || r.cmd().isEmpty()) throw new BerthException.InvalidArgument("No exec command specified");
        if (r.workingDir() != null && !r.workingDir().isEmpty() && !r.workingDir().startsWith("/")) {
            throw new BerthException.InvalidArgument("the working directory '" + r.workingDir() + "' is invalid, it needs to be an absolute path");
        }
        return new ExecService.ExecConfig(r.cmd(), r.env(), r.workingDir(), r.user(), r.privileged(), r.tty(),
            r.attachStdin(), r.attachStdout(), r.attachStderr(), r.detachKeys(), consoleSize(r.consoleSize()));
    }

    /** Go's {@code *[2]uint} {@code [height, width]}; absent or zero means unknown. */
    public static RuntimeSpec.ConsoleSize consoleSize(List<Integer> hw) {
        if (hw == null || hw.size() != 2 || hw.get(0) == null || hw.get(1) == null) return null;
        if (hw.get(0) <= 0 || hw.get(1) <= 0) return null;
        return new RuntimeSpec.ConsoleSize(hw.get(0), hw.get(1));
    }

    public static ExecInspectResponse inspect(ExecService.Exec e) {
        var c = e.config();
        var process = new ExecInspectResponse.ProcessConfig(c.tty(), c.cmd().getFirst(), c.cmd().subList(1, c.cmd().size()),
            c.privileged(), c.user() == null ? "" : c.user());
        return new ExecInspectResponse(e.id(), e.running(), e.exitCode(), process, c.attachStdin(), c.attachStderr(),
            c.attachStdout(), false, e.containerId(), c.detachKeys() == null ? "" : c.detachKeys(), e.pid());
    }
}
