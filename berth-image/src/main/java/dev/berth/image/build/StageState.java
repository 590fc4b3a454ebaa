package dev.berth.image.build;

import dev.berth.core.image.Digest;
import dev.berth.core.image.ImageConfig;
import dev.berth.image.ShellWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one build stage stands: the image the next step builds on, the config that image will
 * have (dockerd's {@code runConfig}), the MAINTAINER, and the ARGs the stage declared. Mutable,
 * owned by one build.
 */
final class StageState {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    final String name;
    /** The current image; null while a {@code FROM scratch} stage has produced nothing. */
    Digest imageId;
    /** False while the image has no layer (scratch): such steps are committed without a container. */
    boolean hasLayers;
    ImageConfig config;
    String author;
    /** CMD was set in this stage: a later ENTRYPOINT keeps it (else ENTRYPOINT drops the inherited one). */
    boolean cmdSet;
    /** Declared ARGs and their values (null: declared without a value and none given). */
    final Map<String, String> args = new LinkedHashMap<>();

    StageState(String name, Digest imageId, boolean hasLayers, ImageConfig base) {
        this.name = name;
        this.imageId = imageId;
        this.hasLayers = hasLayers;
        ImageConfig c = base == null ? ImageConfig.EMPTY : base;
        List<String> env = c.env() == null ? List.of() : c.env();
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) { // as dockerd: every stage has a PATH
            List<String> withPath = new ArrayList<>(env);
            withPath.add(DEFAULT_PATH);
            c = c.withEnv(List.copyOf(withPath));
        }
        this.config = c;
    }

    List<String> shell() {
        return config.shell() == null || config.shell().isEmpty() ? DEFAULT_SHELL : config.shell();
    }

    /** A variable for expansion: ENV wins over ARG, as in dockerd. */
    String lookup(String name) {
        String fromEnv = envValue(name);
        if (fromEnv != null) return fromEnv;
        return args.get(name);
    }

    String envValue(String name) {
        if (config.env() == null) return null;
        for (int i = config.env().size() - 1; i >= 0; i--) {
            String e = config.env().get(i);
            if (e.startsWith(name + "=")) return e.substring(name.length() + 1);
        }
        return null;
    }

    /** The ARGs a RUN sees as environment: declared, valued, and not shadowed by an ENV. */
    Map<String, String> runArgs() {
        Map<String, String> out = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null && envValue(k) == null) out.put(k, v);
        });
        return out;
    }

    ShellWords words(char escape) {
        return new ShellWords(escape, this::lookup);
    }
}
