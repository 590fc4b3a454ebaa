package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void unreachableEngineIsAClearErrorAndExitOne() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new String[] {"-H", "unix:///nonexistent/berth.sock", "info"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("Cannot connect to the Berth daemon at unix:///nonexistent/berth.sock");
    }

    @Test
    void flagBeatsEnvironment() {
        assertThat(Main.resolveHost("tcp://1.2.3.4:5")).isEqualTo("tcp://1.2.3.4:5");
    }

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        int rc = Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("version").contains("info").contains("--host");
    }
}
